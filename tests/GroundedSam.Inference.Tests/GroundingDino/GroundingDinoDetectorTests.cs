using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Tests.GroundingDino;

/// <summary>The detector's own work around its ONNX Runtime session, on the tiny export (dynamic image size, as the real one).</summary>
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
}
