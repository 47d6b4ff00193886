using GroundedSam.Contracts;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Storage;
using MaskMergeOptions = GroundedSam.Masks.MergeOptions;

namespace GroundedSam.Pipeline.Merging;

/// <summary>
/// An <see cref="ImageSegmented"/> from the queue is untrusted, like any message: before anything is read, its size
/// must be within the limits, its instances present and few enough, and every mask one of this job's own instance
/// masks in the results bucket (never another job's, never a photo). A message that fails is refused with
/// <see cref="FailureReason.InvalidMessage"/> (or <see cref="FailureReason.InvalidOptions"/> for its merge policy).
/// </summary>
public static class MergeInput
{
    /// <summary>Checks the message; returns the merge options and the instances that join the merged mask.</summary>
    public static (MaskMergeOptions Options, IReadOnlyList<SegmentedInstance> Chosen) Check(ImageSegmented job, StorageLayout layout, MergeStageOptions limits)
    {
        if (job.JobId == Guid.Empty || job.Image is null)
        {
            throw Invalid("The message names no job or no image.");
        }

        if (job.Width <= 0 || job.Height <= 0 || (long)job.Width * job.Height > limits.MaxPixels)
        {
            throw Invalid($"The photo's size {job.Width}×{job.Height} is outside 1 pixel to {limits.MaxPixels:N0} pixels.");
        }

        if (job.Instances is null || job.Instances.Count > limits.MaxInstances || job.Instances.Any(i => i?.Mask is null || i.Label is null))
        {
            throw Invalid($"The instances are missing, incomplete or more than {limits.MaxInstances}.");
        }

        var options = MergePolicyMapping.ToMergeOptions(job.Merge);
        var prefix = StorageLayout.JobPrefix(job.JobId);
        foreach (var instance in job.Instances)
        {
            var key = instance.Mask.Key ?? string.Empty;
            if (instance.Mask.Bucket != layout.ResultsBucket || !key.StartsWith(prefix + "masks/", StringComparison.Ordinal) ||
                !JobFiles.IsArtifact(key[prefix.Length..]))
            {
                throw Invalid($"The mask {instance.Mask.Bucket}/{key} is not one of this job's instance masks ({layout.ResultsBucket}/{prefix}masks/…).");
            }
        }

        return (options, [.. job.Instances.Where(i => options.Includes(i.Label))]);
    }

    /// <summary>Bytes a valid mask PNG of the photo's size can take: every row stored uncompressed, plus headers.</summary>
    public static long MaxMaskBytes(ImageSegmented job) => ((job.Width + 1L) * job.Height * 1001 / 1000) + 64 * 1024;

    private static JobRejectedException Invalid(string detail) => new(FailureReason.InvalidMessage, detail);
}
