namespace GroundedSam.Inference.Masks;

/// <summary>A full-resolution mask, one byte per pixel, row-major: 255 inside, 0 outside.</summary>
public sealed class BinaryMask
{
    public const byte On = 255;

    public BinaryMask(int width, int height, byte[]? pixels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Pixels = pixels ?? new byte[width * height];
        ArgumentOutOfRangeException.ThrowIfNotEqual(Pixels.Length, width * height, nameof(pixels));
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public bool this[int x, int y] => Pixels[(y * Width) + x] != 0;

    /// <summary>Pixels inside the mask.</summary>
    public long Area()
    {
        long area = 0;
        foreach (var p in Pixels)
        {
            if (p != 0)
            {
                area++;
            }
        }

        return area;
    }

    /// <summary>Logical OR of masks of one size; an empty mask of the given size when there are none.</summary>
    public static BinaryMask Union(int width, int height, IEnumerable<BinaryMask> masks)
    {
        var union = new BinaryMask(width, height);
        var destination = union.Pixels.AsSpan();
        foreach (var mask in masks)
        {
            if (mask.Width != width || mask.Height != height)
            {
                throw new ArgumentException($"Mask of {mask.Width}×{mask.Height} cannot join a union of {width}×{height}.", nameof(masks));
            }

            var source = mask.Pixels.AsSpan();
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] |= source[i];
            }
        }

        return union;
    }

    public BinaryMask Inverted()
    {
        var inverted = new byte[Pixels.Length];
        for (var i = 0; i < inverted.Length; i++)
        {
            inverted[i] = Pixels[i] == 0 ? On : (byte)0;
        }

        return new BinaryMask(Width, Height, inverted);
    }
}
