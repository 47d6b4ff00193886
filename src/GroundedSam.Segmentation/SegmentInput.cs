using GroundedSam.Pipeline.Delivery;
using GroundedSam.Contracts;
using GroundedSam.Inference;
using GroundedSam.Storage;

namespace GroundedSam.Segmentation;

/// <summary>
/// A <see cref="SegmentImage"/> from the queue is untrusted: it must name a job and a photo whose key follows the key
/// rules and whose bucket this worker may read (<see cref="SegmentationOptions.ImageBuckets"/>), and its options must
/// be in range. A message that fails is refused before any read, with the reason.
/// </summary>
public static class SegmentInput
{
    public static SegmentationRequest Check(SegmentImage job, StorageLayout layout, SegmentationOptions options)
    {
        if (job.JobId == Guid.Empty)
        {
            throw new JobRejectedException(FailureReason.InvalidMessage, "The job has no id (jobId).");
        }

        if (job.Image is null)
        {
            throw new JobRejectedException(FailureReason.InvalidOptions, "The job names no image.");
        }

        try
        {
            StorageLayout.Validate(job.Image);
        }
        catch (InvalidObjectKeyException ex)
        {
            throw new JobRejectedException(FailureReason.InvalidOptions, ex.Message, ex);
        }

        var allowed = options.ImageBuckets is { Length: > 0 } buckets ? buckets : [layout.ImagesBucket];
        if (!allowed.Contains(job.Image.Bucket, StringComparer.Ordinal))
        {
            throw new JobRejectedException(FailureReason.InvalidOptions,
                $"This worker reads photos only from {string.Join(", ", allowed)}, not from {job.Image.Bucket}. Upload the photo there, or add the bucket to Segmentation:ImageBuckets.");
        }

        return SegmentImageMapping.ToRequest(job);
    }
}
