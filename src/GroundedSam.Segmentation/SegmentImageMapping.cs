using GroundedSam.Contracts;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Merging;
using MaskMergeOptions = GroundedSam.Masks.MergeOptions;
using GroundedSam.Inference.Detections;

namespace GroundedSam.Segmentation;

/// <summary>
/// The one mapping between a <see cref="SegmentImage"/> and the inference library's request, both ways (the merge
/// policy: <see cref="MergePolicyMapping"/>): the workers read messages with <see cref="ToRequest"/>, <c>gsam submit</c>
/// and <c>gsam run</c> write them with <see cref="ToMessage"/>. Absent fields take the library's defaults; out-of-range
/// ones become <see cref="JobRejectedException"/> with <see cref="FailureReason.InvalidOptions"/>.
/// </summary>
public static class SegmentImageMapping
{
    public static SegmentationRequest ToRequest(SegmentImage message)
    {
        var defaults = new DetectionThresholds();
        var reference = message.Reference ?? false;
        var policy = message.Detection ?? new DetectionPolicy();
        var region = policy.Region;
        // Under the reference preset an absent merge switch means off; a policy that turns a departure on is refused.
        var mergeDefault = !reference && SelectionPolicy.Default.MergeSameLabel;
        var request = new SegmentationRequest(message.Prompt ?? string.Empty)
        {
            Thresholds = new DetectionThresholds { Box = message.BoxThreshold ?? defaults.Box, Text = message.TextThreshold ?? defaults.Text },
            Policy = new SelectionPolicy
            {
                MinScore = policy.MinScore ?? 0,
                MinAreaFraction = policy.MinAreaFraction ?? 0,
                MaxInstancesPerLabel = policy.MaxInstancesPerLabel ?? 0,
                Region = region is null ? null : new RegionOfInterest(region.X1, region.Y1, region.X2, region.Y2),
                MergeSameLabel = policy.MergeSameLabel ?? mergeDefault,
                MergeIoU = policy.MergeIoU ?? SelectionPolicy.Default.MergeIoU,
                MergeContainment = policy.MergeContainment ?? SelectionPolicy.Default.MergeContainment,
                ClassAgnosticNmsIoU = policy.ClassAgnosticNmsIoU,
            },
            Reference = reference,
        };

        JobRejectedException.CheckOptions(() =>
        {
            request.Validate();
            MergePolicyMapping.ToMergeOptions(message.Merge);
        });
        return request;
    }

    /// <summary>A request and merge options as the message of one job; <see cref="ToRequest"/> reads it back unchanged.</summary>
    public static SegmentImage ToMessage(SegmentationRequest request, MaskMergeOptions merge, Guid jobId, Guid batchId, ObjectRef image, DateTimeOffset submittedAt)
    {
        var policy = request.Policy;
        return new SegmentImage
        {
            JobId = jobId,
            BatchId = batchId,
            Image = image,
            Prompt = request.Prompt,
            BoxThreshold = request.Thresholds.Box,
            TextThreshold = request.Thresholds.Text,
            Reference = request.Reference ? true : null,
            Detection = request.Reference ? null : new DetectionPolicy
            {
                MinScore = policy.MinScore,
                MinAreaFraction = policy.MinAreaFraction,
                MaxInstancesPerLabel = policy.MaxInstancesPerLabel,
                Region = policy.Region is { } r ? new BoxRegion { X1 = r.X1, Y1 = r.Y1, X2 = r.X2, Y2 = r.Y2 } : null,
                MergeSameLabel = policy.MergeSameLabel,
                MergeIoU = policy.MergeIoU,
                MergeContainment = policy.MergeContainment,
                ClassAgnosticNmsIoU = policy.ClassAgnosticNmsIoU,
            },
            Merge = MergePolicyMapping.ToPolicy(merge),
            SubmittedAt = submittedAt,
        };
    }
}
