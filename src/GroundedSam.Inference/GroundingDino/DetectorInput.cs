using GroundedSam.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.GroundingDino;

/// <summary>A photo ready for Grounding DINO: the normalised pixels (a pooled buffer) and the tokenised prompt.</summary>
public sealed class DetectorInput : IDisposable
{
    private float[]? _pixels;

    internal DetectorInput(TokenizedPrompt prompt, int imageWidth, int imageHeight, int tensorWidth, int tensorHeight)
    {
        Prompt = prompt;
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        TensorWidth = tensorWidth;
        TensorHeight = tensorHeight;
        _pixels = LargeBuffers.Floats.Rent(3 * tensorWidth * tensorHeight);
    }

    public TokenizedPrompt Prompt { get; }

    /// <summary>Size of the photo, which the boxes come back in.</summary>
    public int ImageWidth { get; }

    public int ImageHeight { get; }

    /// <summary>Size of the resized image the model sees.</summary>
    public int TensorWidth { get; }

    public int TensorHeight { get; }

    /// <summary>
    /// The photo as the model sees it (TensorWidth × TensorHeight), kept when it is smaller than the photo: the overlay
    /// and the viewer's pictures start from it rather than from the full-resolution pixels. Disposed with the input.
    /// </summary>
    public Image<Rgb24>? Downscaled { get; private set; }

    /// <summary>3 × TensorHeight × TensorWidth floats, CHW; the array may be longer.</summary>
    internal float[] Pixels => _pixels ?? throw new ObjectDisposedException(nameof(DetectorInput));

    /// <summary>
    /// Keeps <paramref name="resized"/> as <see cref="Downscaled"/> when it is the photo made smaller (not stretched to
    /// a fixed export size, not enlarged); disposes it otherwise.
    /// </summary>
    internal void Keep(Image<Rgb24>? resized)
    {
        var sameShape = resized is not null &&
            Math.Abs(((double)resized.Width / resized.Height) - ((double)ImageWidth / ImageHeight)) <= 0.01 * ImageWidth / ImageHeight;
        if (resized is not null && sameShape && resized.Width < ImageWidth && resized.Height < ImageHeight)
        {
            Downscaled = resized;
        }
        else
        {
            resized?.Dispose();
        }
    }

    public void Dispose()
    {
        Downscaled?.Dispose();
        Downscaled = null;
        if (_pixels is not null)
        {
            LargeBuffers.Floats.Return(_pixels);
            _pixels = null;
        }
    }
}
