using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Sam2;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference;

/// <summary>
/// A photo decoded once and preprocessed for both models: the CPU half of a job, which a worker runs for the next
/// photos while the GPU works on the current one.
/// </summary>
public sealed class PreparedPhoto : IDisposable
{
    internal PreparedPhoto(Image<Rgb24> image, SegmentationRequest request, DetectorInput detector, SegmenterInput segmenter, TimeSpan decode, TimeSpan preprocess)
    {
        Image = image;
        Request = request;
        DetectorInput = detector;
        SegmenterInput = segmenter;
        DecodeTime = decode;
        PreprocessTime = preprocess;
    }

    /// <summary>The upright RGB photo (kept for the overlay).</summary>
    public Image<Rgb24> Image { get; }

    public SegmentationRequest Request { get; }

    public DetectorInput DetectorInput { get; }

    public SegmenterInput SegmenterInput { get; }

    public TimeSpan DecodeTime { get; }

    public TimeSpan PreprocessTime { get; }

    public void Dispose()
    {
        DetectorInput.Dispose();
        SegmenterInput.Dispose();
        Image.Dispose();
    }
}
