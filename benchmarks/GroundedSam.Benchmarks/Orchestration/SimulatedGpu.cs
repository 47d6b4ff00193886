using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Sam2;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Benchmarks.Orchestration;

/// <summary>
/// The GPU stage of a worker replaced by a fixed latency: Grounding DINO "takes" <c>latency</c> and finds one monitor
/// in the middle of the photo; SAM 2 returns that box as its mask at once. Everything around the models (storage,
/// broker, decoding, preprocessing, masks, merge) is the real code.
/// </summary>
internal sealed class SimulatedDetector(PromptTokenizer tokenizer, TimeSpan latency) : IDetector
{
    public PromptTokenizer Tokenizer => tokenizer;

    public DetectorInput Prepare(Image<Rgb24> image, TokenizedPrompt prompt) => new(prompt, image.Width, image.Height, 1, 1);

    public IReadOnlyList<Detection> Detect(DetectorInput input, DetectionThresholds thresholds)
    {
        Thread.Sleep(latency);
        var box = new Box(input.ImageWidth * 0.25f, input.ImageHeight * 0.25f, input.ImageWidth * 0.75f, input.ImageHeight * 0.75f);
        return [new Detection(0, input.Prompt.Prompt.Segments[0], 0.9f, box)];
    }

    public void Dispose()
    {
    }
}

internal sealed class SimulatedSegmenter : ISegmenter
{
    [ThreadStatic]
    private static float[]? Scratch;

    public SegmenterInput Prepare(Image<Rgb24> image) => new(image.Width, image.Height, 1);

    public IReadOnlyList<MaskPrediction> Segment(SegmenterInput input, IReadOnlyList<Box> boxes) =>
        [.. boxes.Select(box =>
        {
            var logits = Scratch ??= new float[256 * 256];
            for (var y = 0; y < 256; y++)
            {
                for (var x = 0; x < 256; x++)
                {
                    var px = (x + 0.5f) * input.ImageWidth / 256;
                    var py = (y + 0.5f) * input.ImageHeight / 256;
                    logits[(y * 256) + x] = px >= box.X1 && px <= box.X2 && py >= box.Y1 && py <= box.Y2 ? 8 : -8;
                }
            }

            // Pooled, as the real segmenter's predictions are.
            return MaskPrediction.Copy(logits, 256, 256, 0.9f);
        })];

    public void Dispose()
    {
    }
}
