using GroundedSam.Masks;

namespace GroundedSam.Inference.Sam2;

/// <summary>A photo ready for SAM 2's encoder: 3×1024×1024 normalised floats in a pooled buffer.</summary>
public sealed class SegmenterInput : IDisposable
{
    private float[]? _pixels;

    internal SegmenterInput(int imageWidth, int imageHeight, int size)
    {
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        Size = size;
        _pixels = LargeBuffers.Floats.Rent(3 * size * size);
    }

    public int ImageWidth { get; }

    public int ImageHeight { get; }

    /// <summary>Side of the square the photo is stretched to (1024).</summary>
    public int Size { get; }

    internal float[] Pixels => _pixels ?? throw new ObjectDisposedException(nameof(SegmenterInput));

    public void Dispose()
    {
        if (_pixels is not null)
        {
            LargeBuffers.Floats.Return(_pixels);
            _pixels = null;
        }
    }
}
