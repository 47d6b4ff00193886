using GroundedSam.Cli.Folders;
using GroundedSam.Contracts;
using GroundedSam.Inference.Imaging;

namespace GroundedSam.Cli.Batches;

/// <summary>A photo that could not even be read from disk ends its job here, with the failure a worker would have given its bytes.</summary>
internal static class UnreadablePhoto
{
    public static SegmentationFailed Failure(Guid jobId, Guid batchId, ObjectRef image, Exception ex) => new()
    {
        JobId = jobId,
        BatchId = batchId,
        Image = image,
        Reason = ex is ImageRejectedException { Problem: ImageProblem.TooLarge } ? FailureReason.ImageTooLarge : FailureReason.ImageUnreadable,
        Detail = ex is ImageRejectedException ? ex.Message : PhotoFailure.Describe(ex),
        FailedAt = TimeProvider.System.GetUtcNow(),
    };
}
