using GroundedSam.Pipeline.Merging;
using GroundedSam.Segmentation;

namespace GroundedSam.Pipeline.Tests.Hosting;

/// <summary>The two stages' defaults agree: a photo the segmentation stage takes is never refused by the merge stage.</summary>
public sealed class StageLimitsTests
{
    [Fact]
    public void MergeStage_DefaultPixelLimit_IsTheSegmentationStages()
    {
        Assert.Equal(new SegmentationOptions().MaxPixels, new MergeStageOptions().MaxPixels);
    }
}
