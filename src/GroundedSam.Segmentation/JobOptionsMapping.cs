using GroundedSam.Contracts;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Pipeline;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Merging;
using InferenceDetectionPolicy = GroundedSam.Inference.Detections.DetectionPolicy;
using RegionOfInterest = GroundedSam.Inference.Detections.RegionOfInterest;

namespace GroundedSam.Segmentation;

/// <summary>
/// A <see cref="SegmentImage"/>'s fields to the inference library's request (the merge policy: <see cref="MergePolicyMapping"/>). Absent fields take the library's defaults;
/// out-of-range ones become <see cref="JobRejectedException"/> with <see cref="FailureReason.InvalidOptions"/>.
/// </summary>
public static class JobOptionsMapping
{
    public static SegmentationRequest ToRequest(SegmentImage message)
    {
        var defaults = new DetectionThresholds();
        var reference = message.Reference ?? false;
        var policy = message.Detection ?? new DetectionPolicy();
        var region = policy.Region;
        // Under the reference preset an absent merge switch means off; a policy that turns a departure on is refused.
        var mergeDefault = !reference && InferenceDetectionPolicy.Default.MergeSameLabel;
        var request = new SegmentationRequest(message.Prompt ?? string.Empty)
        {
            Thresholds = new DetectionThresholds { Box = message.BoxThreshold ?? defaults.Box, Text = message.TextThreshold ?? defaults.Text },
            Policy = new InferenceDetectionPolicy
            {
                MinScore = policy.MinScore ?? 0,
                MinAreaFraction = policy.MinAreaFraction ?? 0,
                MaxInstancesPerLabel = policy.MaxInstancesPerLabel ?? 0,
                Region = region is null ? null : new RegionOfInterest(region.X1, region.Y1, region.X2, region.Y2),
                MergeSameLabel = policy.MergeSameLabel ?? mergeDefault,
                MergeIoU = policy.MergeIoU ?? InferenceDetectionPolicy.Default.MergeIoU,
                MergeContainment = policy.MergeContainment ?? InferenceDetectionPolicy.Default.MergeContainment,
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
}
