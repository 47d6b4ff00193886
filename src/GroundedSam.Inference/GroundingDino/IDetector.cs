using GroundedSam.Inference.Detections;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.GroundingDino;

/// <summary>Text-prompted box detection. <see cref="Prepare"/> is CPU work; <see cref="Detect"/> runs the model.</summary>
public interface IDetector : IDisposable
{
    PromptTokenizer Tokenizer { get; }

    DetectorInput Prepare(Image<Rgb24> image, TokenizedPrompt prompt);

    IReadOnlyList<Detection> Detect(DetectorInput input, DetectionThresholds thresholds);
}
