using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Masks;
using GroundedSam.Inference.Outputs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Tests.Outputs;

public sealed class OverlayRendererTests
{
    [Theory]
    [InlineData(640, 480, 640, 480)]
    [InlineData(4096, 3072, 1280, 960)]
    public void Render_Photo_TintsMaskAndKeepsBackgroundAtMostMaxSide(int width, int height, int expectedWidth, int expectedHeight)
    {
        using var photo = new Image<Rgb24>(width, height, new Rgb24(128, 128, 128));
        var result = OneMonitor(width, height);

        using var overlay = Image.Load<Rgb24>(OverlayRenderer.Render(photo, result));

        Assert.Equal((expectedWidth, expectedHeight), (overlay.Width, overlay.Height));
        var inside = overlay[expectedWidth * 3 / 8, expectedHeight * 3 / 8];
        var outside = overlay[expectedWidth * 7 / 8, expectedHeight * 7 / 8];
        Assert.True(inside.R > inside.G + 40, $"mask not tinted red: {inside}");
        Assert.InRange(outside.R, 120, 136);
        Assert.InRange(outside.G, 120, 136);
    }

    [Theory]
    [InlineData(640, 480, 640, 480, 320, 240)]
    [InlineData(4096, 3072, 1280, 960, 320, 240)]
    [InlineData(500, 3000, 213, 1280, 53, 320)]
    public void RenderWithPreviews_Photo_PreviewIsThePlainPhotoAndThumbnailTheOverlay_AtMostTheirSides(int width, int height, int previewWidth, int previewHeight,
        int thumbnailWidth, int thumbnailHeight)
    {
        using var photo = new Image<Rgb24>(width, height, new Rgb24(128, 128, 128));
        var result = OneMonitor(width, height);

        var pictures = OverlayRenderer.RenderWithPreviews(photo, result);

        using var preview = Image.Load<Rgb24>(pictures.Preview);
        using var thumbnail = Image.Load<Rgb24>(pictures.Thumbnail);
        Assert.Equal((previewWidth, previewHeight), (preview.Width, preview.Height));
        Assert.Equal((thumbnailWidth, thumbnailHeight), (thumbnail.Width, thumbnail.Height));
        var plain = preview[previewWidth * 3 / 8, previewHeight * 3 / 8];
        Assert.True(Math.Abs(plain.R - 128) <= 3 && Math.Abs(plain.G - 128) <= 3, $"the preview is tinted: {plain}");
        var tinted = thumbnail[thumbnailWidth * 3 / 8, thumbnailHeight * 3 / 8];
        Assert.True(tinted.R > tinted.G + 40, $"thumbnail mask not tinted red: {tinted}");
        using var overlay = Image.Load<Rgb24>(pictures.Overlay);
        using var alone = Image.Load<Rgb24>(OverlayRenderer.Render(photo, result));
        Assert.Equal((alone.Width, alone.Height, alone[alone.Width * 3 / 8, alone.Height * 3 / 8]), (overlay.Width, overlay.Height, overlay[overlay.Width * 3 / 8, overlay.Height * 3 / 8]));
    }

    [Fact]
    public void RenderWithPreviews_GivenTheDetectorsDownscaledPhoto_DrawsOnItWithoutAnotherFullResolutionPass()
    {
        // The photo's own pixels are black, its downscaled copy grey: whichever the pictures show says where they started.
        using var photo = new Image<Rgb24>(4000, 3000, new Rgb24(0, 0, 0));
        using var downscaled = new Image<Rgb24>(1067, 800, new Rgb24(128, 128, 128));
        var result = OneMonitor(4000, 3000);

        var pictures = OverlayRenderer.RenderWithPreviews(photo, result, downscaled);

        using var preview = Image.Load<Rgb24>(pictures.Preview);
        using var overlay = Image.Load<Rgb24>(pictures.Overlay);
        Assert.Equal((1067, 800), (preview.Width, preview.Height));
        Assert.Equal((1067, 800), (overlay.Width, overlay.Height));
        Assert.InRange(preview[900, 700].R, 124, 132);
        var tinted = overlay[1067 * 3 / 8, 300];
        Assert.True(tinted.R > tinted.G + 40, $"mask not tinted red where it lies: {tinted}");
        Assert.InRange(overlay[900, 700].G, 124, 132);
    }

    [Theory]
    [InlineData(300, 5, 320, 100, 40, 12, 280, 5)]     // at the right edge, no room above: moved left, inside the box's top
    [InlineData(10, 50, 20, 80, 40, 12, 10, 38)]       // room above: above the box
    [InlineData(0, 0, 20, 20, 400, 12, 0, 0)]          // wider than the photo: from the left edge
    [InlineData(5, 315, 30, 320, 40, 12, 5, 303)]      // at the bottom edge: above the box
    public void LabelRect_AnyBoxPosition_LabelInsideThePhoto(float x1, float y1, float x2, float y2, float width, float height, float left, float top)
    {
        var label = OverlayRenderer.LabelRect(new Inference.Detections.Box(x1, y1, x2, y2), width, height, photoWidth: 320, photoHeight: 320);

        Assert.Equal((left, top), (label.Left, label.Top));
        Assert.True(label.Left >= 0 && label.Top >= 0 && label.Bottom <= 320, $"{label}");
        Assert.True(label.Right <= 320 || label.Left == 0, $"{label}");
    }

    // A grey photo's result with one monitor whose mask and box fill the second quarter of each axis.
    private static SegmentationResult OneMonitor(int width, int height)
    {
        var mask = new BinaryMask(width, height);
        for (var y = height / 4; y < height / 2; y++)
        {
            mask.Pixels.AsSpan((y * width) + (width / 4), width / 4).Fill(BinaryMask.On);
        }

        var detection = new DetectedInstance("monitor-1", "monitor", "monitor", 0.9f, new Box(width / 4f, height / 4f, width / 2f, height / 2f), 1);
        return new SegmentationResult(width, height, Prompt.Parse("monitor"), [new MaskedInstance(detection, mask, 0.8f, mask.Area())],
            new InferenceTimings(default, default, default, default, default));
    }
}
