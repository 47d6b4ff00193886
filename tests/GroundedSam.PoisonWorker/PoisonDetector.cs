using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.PoisonWorker;

/// <summary>The real detector, except that a photo of exactly <see cref="Size"/>×<see cref="Size"/> pixels ends the process on the spot.</summary>
internal sealed class PoisonDetector(IDetector inner) : IDetector
{
    /// <summary>Width and height of the poison photo.</summary>
    public const int Size = 13;

    public PromptTokenizer Tokenizer => inner.Tokenizer;

    public DetectorInput Prepare(Image<Rgb24> image, TokenizedPrompt prompt)
    {
        if (image.Width == Size && image.Height == Size)
        {
            Environment.FailFast("Poison photo: the test-only worker dies as a native crash would.");
        }

        return inner.Prepare(image, prompt);
    }

    public IReadOnlyList<Detection> Detect(DetectorInput input, DetectionThresholds thresholds) => inner.Detect(input, thresholds);

    public void Dispose() => inner.Dispose();
}
