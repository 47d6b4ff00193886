using GroundedSam.Inference;

namespace GroundedSam.Segmentation;

/// <summary>A segmented photo: the decoded photo (the caller disposes it), the result, and the time spent waiting for the GPU.</summary>
public sealed record InferenceOutcome(PreparedPhoto Photo, SegmentationResult Result, TimeSpan QueueTime) : IDisposable
{
    public void Dispose() => Photo.Dispose();
}
