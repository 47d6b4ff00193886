using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Tests.GroundingDino;

/// <summary>The detector's own work around its ONNX Runtime session, on the tiny export (dynamic image size, as the real one).</summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class GroundingDinoDetectorTests(TinyPipeline tiny) : IClassFixture<TinyPipeline>
{
    [Fact]
    public void Detect_RepeatedAtFullSize_AllocatesNoConstantInputPerCall_AndFindsTheSameEachTime()
    {
        // 1333×1000 → the 800/1333 rule's 1066×800 tensor: its int64 pixel mask of ones alone would be 6.8 MB per call.
        using var photo = new Image<Rgb24>(1333, 1000, new Rgb24(120, 110, 100));
        var prompt = tiny.Detector.Tokenizer.Tokenize(Prompt.Parse("monitor. keyboard. mouse."));
        using var input = tiny.Detector.Prepare(photo, prompt);
        Assert.Equal((1066, 800), (input.TensorWidth, input.TensorHeight));
        var first = tiny.Detector.Detect(input, new DetectionThresholds());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = tiny.Detector.Detect(input, new DetectionThresholds());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 512 * 1024);
        Assert.NotEmpty(first);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData(4000, 3000, 1066, 800)]
    [InlineData(3000, 4000, 800, 1066)]
    public void Prepare_PhotoLargerThanTheTensor_KeepsTheResizedPhotoForThePictures(int width, int height, int tensorWidth, int tensorHeight)
    {
        using var photo = new Image<Rgb24>(width, height, new Rgb24(120, 110, 100));
        var prompt = tiny.Detector.Tokenizer.Tokenize(Prompt.Parse("monitor."));

        var input = tiny.Detector.Prepare(photo, prompt);

        Assert.NotNull(input.Downscaled);
        Assert.Equal((tensorWidth, tensorHeight), (input.Downscaled.Width, input.Downscaled.Height));
        Assert.Equal(new Rgb24(120, 110, 100), input.Downscaled[tensorWidth / 2, tensorHeight / 2]);
        input.Dispose();
        Assert.Null(input.Downscaled);
    }

    [Fact]
    public void Prepare_PhotoSmallerThanTheTensor_KeepsNoEnlargedCopy()
    {
        using var photo = new Image<Rgb24>(640, 480, new Rgb24(120, 110, 100));
        using var input = tiny.Detector.Prepare(photo, tiny.Detector.Tokenizer.Tokenize(Prompt.Parse("monitor.")));

        Assert.Equal((1066, 800), (input.TensorWidth, input.TensorHeight));
        Assert.Null(input.Downscaled);
    }
}
