using GroundedSam.Contracts;

namespace GroundedSam.Pipeline.Segmentation;

/// <summary>A job that cannot succeed, whatever the retries: it ends in <see cref="SegmentationFailed"/>.</summary>
public sealed class JobRejectedException(FailureReason reason, string detail, Exception? inner = null) : Exception(detail, inner)
{
    public FailureReason Reason { get; } = reason;
}
