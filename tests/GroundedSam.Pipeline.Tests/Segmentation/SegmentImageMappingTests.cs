using GroundedSam.Contracts;
using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Merging;
using GroundedSam.Segmentation;
using MaskMergeOptions = GroundedSam.Masks.MergeOptions;

namespace GroundedSam.Pipeline.Tests.Segmentation;

public sealed class SegmentImageMappingTests
{
    private static readonly ObjectRef Photo = new() { Bucket = "gsam-images", Key = "uploads/desk.jpg" };

    [Fact]
    public void ToMessageThenToRequest_EveryChoiceSet_ComesBackUnchanged()
    {
        var request = new SegmentationRequest("monitor. keyboard.")
        {
            Thresholds = new DetectionThresholds { Box = 0.3f, Text = 0.2f },
            Policy = new SelectionPolicy
            {
                MinScore = 0.4f, MinAreaFraction = 0.01f, MaxInstancesPerLabel = 2, Region = new RegionOfInterest(0.1f, 0, 0.9f, 1),
                MergeSameLabel = false, MergeIoU = 0.6f, MergeContainment = 0.7f, ClassAgnosticNmsIoU = 0.8f,
            },
        };
        var merge = new MaskMergeOptions { Polarity = MaskPolarity.ObjectsBlack, DilationPixels = 8, FeatherPixels = 4, Labels = ["monitor"] };

        var message = SegmentImageMapping.ToMessage(request, merge, Guid.NewGuid(), Guid.NewGuid(), Photo, DateTimeOffset.UnixEpoch);

        Assert.Equivalent(request, SegmentImageMapping.ToRequest(message), strict: true);
        Assert.Equivalent(merge, MergePolicyMapping.ToMergeOptions(message.Merge), strict: true);
    }

    [Fact]
    public void ToMessageThenToRequest_ReferencePreset_ComesBackAsThePreset()
    {
        var request = SegmentationRequest.ForReference("monitor.");

        var message = SegmentImageMapping.ToMessage(request, new MaskMergeOptions(), Guid.NewGuid(), Guid.NewGuid(), Photo, DateTimeOffset.UnixEpoch);

        Assert.True(message.Reference);
        Assert.Null(message.Detection);
        Assert.Equivalent(request, SegmentImageMapping.ToRequest(message), strict: true);
    }

    [Fact]
    public void ToRequest_OnlyTheRequiredFields_TakesTheLibrarysDefaults()
    {
        var message = new SegmentImage { JobId = Guid.NewGuid(), BatchId = Guid.NewGuid(), Image = Photo, Prompt = "monitor." };

        Assert.Equivalent(new SegmentationRequest("monitor."), SegmentImageMapping.ToRequest(message), strict: true);
    }

    [Fact]
    public void ToRequest_ThresholdOutOfRange_IsRejectedAsInvalidOptions()
    {
        var message = new SegmentImage { JobId = Guid.NewGuid(), BatchId = Guid.NewGuid(), Image = Photo, Prompt = "monitor.", BoxThreshold = 1.5f };

        Assert.Equal(FailureReason.InvalidOptions, Assert.Throws<JobRejectedException>(() => SegmentImageMapping.ToRequest(message)).Reason);
    }
}
