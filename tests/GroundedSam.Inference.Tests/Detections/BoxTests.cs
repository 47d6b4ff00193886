using GroundedSam.Inference.Detections;

namespace GroundedSam.Inference.Tests.Detections;

public sealed class BoxTests
{
    [Fact]
    public void IoU_HalfShifted_IsOneThird()
    {
        // Intersection 5·10 = 50, union 100 + 100 − 50 = 150.
        Assert.Equal(1f / 3, new Box(0, 0, 10, 10).IoU(new Box(5, 0, 15, 10)), 6);
    }

    [Fact]
    public void IoU_IsSymmetricAndOneForTheSameBox()
    {
        Box a = new(0, 0, 10, 10), b = new(3, 4, 20, 9);

        Assert.Equal(a.IoU(b), b.IoU(a));
        Assert.Equal(1f, a.IoU(a));
    }

    [Theory]
    [InlineData(20, 0, 30, 10)] // apart
    [InlineData(10, 0, 20, 10)] // sharing an edge
    [InlineData(10, 10, 20, 20)] // sharing a corner
    public void IoU_NoCommonArea_IsZero(float x1, float y1, float x2, float y2)
    {
        Assert.Equal(0f, new Box(0, 0, 10, 10).IoU(new Box(x1, y1, x2, y2)));
    }

    [Fact]
    public void IoU_TwoEmptyBoxes_IsZeroNotNaN()
    {
        Assert.Equal(0f, new Box(5, 5, 5, 5).IoU(new Box(5, 5, 5, 5)));
    }

    [Fact]
    public void Containment_SmallBoxInside_IsOneWhateverTheOrder()
    {
        Box outer = new(0, 0, 100, 100), inner = new(10, 10, 30, 30);

        Assert.Equal(1f, outer.Containment(inner));
        Assert.Equal(1f, inner.Containment(outer));
    }

    [Fact]
    public void Containment_PartialOverlap_IsIntersectionOverTheSmallerArea()
    {
        // Intersection 5·5 = 25; the smaller box is 10·10 = 100.
        Assert.Equal(0.25f, new Box(0, 0, 10, 10).Containment(new Box(5, 5, 25, 25)));
    }

    [Fact]
    public void Containment_EmptyBox_IsZero()
    {
        Assert.Equal(0f, new Box(0, 0, 10, 10).Containment(new Box(3, 3, 3, 8)));
    }

    [Fact]
    public void ClipTo_BoxPastEveryEdge_IsTheImage()
    {
        Assert.Equal(new Box(0, 0, 640, 480), new Box(-5, -7, 700, 500).ClipTo(640, 480));
    }

    [Fact]
    public void ClipTo_BoxInside_IsUnchanged()
    {
        var box = new Box(1.5f, 2.5f, 300.25f, 400.75f);

        Assert.Equal(box, box.ClipTo(640, 480));
    }

    [Fact]
    public void FromNormalizedCenter_ScalesCentreAndSizeToPixels()
    {
        // Centre (0.5·640, 0.5·480) = (320, 240), size (0.5·640, 0.25·480) = (320, 120).
        Assert.Equal(new Box(160, 180, 480, 300), Box.FromNormalizedCenter(0.5f, 0.5f, 0.5f, 0.25f, 640, 480));
    }

    [Fact]
    public void FromNormalizedCenter_IsNotClipped()
    {
        Assert.Equal(new Box(-64, 0, 64, 480), Box.FromNormalizedCenter(0f, 0.5f, 0.2f, 1f, 640, 480));
    }

    [Fact]
    public void WidthHeightArea_InvertedBox_AreZero()
    {
        var box = new Box(10, 10, 5, 20);

        Assert.Equal((0f, 10f, 0f), (box.Width, box.Height, box.Area));
    }

    [Fact]
    public void Union_TwoBoxes_CoversBothWithCentreBetween()
    {
        var union = new Box(0, 5, 10, 10).Union(new Box(5, 0, 20, 8));

        Assert.Equal(new Box(0, 0, 20, 10), union);
        Assert.Equal((10f, 5f), union.Center);
    }
}
