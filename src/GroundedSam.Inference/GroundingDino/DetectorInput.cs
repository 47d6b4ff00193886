using System.Buffers;

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
        _pixels = ArrayPool<float>.Shared.Rent(3 * tensorWidth * tensorHeight);
    }

    public TokenizedPrompt Prompt { get; }

    /// <summary>Size of the photo, which the boxes come back in.</summary>
    public int ImageWidth { get; }

    public int ImageHeight { get; }

    /// <summary>Size of the resized image the model sees.</summary>
    public int TensorWidth { get; }

    public int TensorHeight { get; }

    /// <summary>3 × TensorHeight × TensorWidth floats, CHW; the array may be longer.</summary>
    internal float[] Pixels => _pixels ?? throw new ObjectDisposedException(nameof(DetectorInput));

    public void Dispose()
    {
        if (_pixels is not null)
        {
            ArrayPool<float>.Shared.Return(_pixels);
            _pixels = null;
        }
    }
}
