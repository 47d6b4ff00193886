using GroundedSam.Masks;

namespace GroundedSam.Inference.Tests.Masks;

public sealed class BinaryMaskTests
{
    [Fact]
    public void Indexer_ReadsRowMajorPixels()
    {
        // Pixel (x 2, y 1) of a 3×2 mask is index 1·3 + 2 = 5.
        var mask = new BinaryMask(3, 2, [0, 0, 0, 0, 0, 255]);

        Assert.True(mask[2, 1]);
        Assert.False(mask[1, 1]);
        Assert.Equal(1, mask.Area());
    }

    [Fact]
    public void Union_OverlappingMasks_IsTheirOr()
    {
        var a = new BinaryMask(2, 2, [255, 255, 0, 0]);
        var b = new BinaryMask(2, 2, [0, 255, 255, 0]);

        var union = BinaryMask.Union(2, 2, [a, b]);

        Assert.Equal([255, 255, 255, 0], union.Pixels);
        Assert.Equal([255, 255, 0, 0], a.Pixels); // inputs untouched
    }

    [Fact]
    public void Union_MaskOfAnotherSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => BinaryMask.Union(2, 2, [new BinaryMask(2, 3)]));
    }

    [Fact]
    public void Inverted_SwapsInsideAndOutside()
    {
        var mask = new BinaryMask(2, 2, [255, 0, 255, 0]);

        Assert.Equal([0, 255, 0, 255], mask.Inverted().Pixels);
    }

    [Fact]
    public void Constructor_PixelNeitherZeroNor255_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BinaryMask(2, 2, [255, 0, 1, 0]));
    }

    [Fact]
    public void Constructor_PixelCountNotWidthTimesHeight_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryMask(3, 2, new byte[5]));
    }
}
