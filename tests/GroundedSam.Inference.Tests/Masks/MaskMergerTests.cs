using GroundedSam.Contracts;
using GroundedSam.Masks;

namespace GroundedSam.Inference.Tests.Masks;

public sealed class MaskMergerTests
{
    private const int Width = 8;
    private const int Height = 6;

    // Two overlapping rectangles: columns 1..3 and 3..5 of rows 1..2; together columns 1..5, 10 pixels.
    private static readonly BinaryMask Left = Rectangle(1, 1, 3, 2);
    private static readonly BinaryMask Right = Rectangle(3, 1, 5, 2);

    [Fact]
    public void Merge_TwoOverlappingMasks_IsTheirUnion()
    {
        var merged = MaskMerger.Merge(Width, Height, [("monitor", Left), ("mouse", Right)], new MergeOptions());

        Assert.Equal(Rectangle(1, 1, 5, 2).Pixels, merged.Pixels);
        Assert.Equal(10, merged.Area());
    }

    [Fact]
    public void Merge_ObjectsBlack_InvertsTheUnion()
    {
        var options = new MergeOptions { Polarity = MaskPolarity.ObjectsBlack };

        var merged = MaskMerger.Merge(Width, Height, [("monitor", Left), ("mouse", Right)], options);

        Assert.Equal(Rectangle(1, 1, 5, 2).Inverted().Pixels, merged.Pixels);
        Assert.Equal((Width * Height) - 10, merged.Area());
    }

    [Fact]
    public void Merge_LabelFilter_KeepsOnlyChosenLabelsIgnoringCase()
    {
        var options = new MergeOptions { Labels = ["MONITOR"] };

        var merged = MaskMerger.Merge(Width, Height, [("monitor", Left), ("mouse", Right)], options);

        Assert.Equal(Left.Pixels, merged.Pixels);
    }

    [Fact]
    public void Merge_EmptyLabelFilter_KeepsEverything()
    {
        var options = new MergeOptions { Labels = [] };

        var merged = MaskMerger.Merge(Width, Height, [("monitor", Left), ("mouse", Right)], options);

        Assert.Equal(10, merged.Area());
    }

    [Fact]
    public void Merge_NoInstances_IsEmptyOrAllWhite()
    {
        Assert.Equal(0, MaskMerger.Merge(Width, Height, [], new MergeOptions()).Area());
        Assert.Equal(Width * Height, MaskMerger.Merge(Width, Height, [], new MergeOptions { Polarity = MaskPolarity.ObjectsBlack }).Area());
    }

    [Fact]
    public void Merge_DilationAndObjectsBlack_GrowsTheObjectsBeforeInverting()
    {
        // One pixel grown by 1 is the 5-pixel plus sign, then inverted: 5 black pixels. Inverting first and then
        // growing the white background would leave no black pixel at all.
        var dot = new BinaryMask(Width, Height);
        dot.Pixels[(3 * Width) + 4] = BinaryMask.On;
        var options = new MergeOptions { Polarity = MaskPolarity.ObjectsBlack, DilationPixels = 1 };

        var merged = MaskMerger.Merge(Width, Height, [("mouse", dot)], options);

        Assert.Equal((Width * Height) - 5, merged.Area());
        Assert.False(merged[4, 3]);
        Assert.False(merged[4, 2]);
        Assert.False(merged[3, 3]);
        Assert.True(merged[3, 2]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(513)]
    public void Validate_DilationOutOfRange_Throws(int pixels)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MergeOptions { DilationPixels = pixels }.Validate());
    }

    private static BinaryMask Rectangle(int x1, int y1, int x2, int y2)
    {
        var mask = new BinaryMask(Width, Height);
        for (var y = y1; y <= y2; y++)
        {
            for (var x = x1; x <= x2; x++)
            {
                mask.Pixels[(y * Width) + x] = BinaryMask.On;
            }
        }

        return mask;
    }
}
