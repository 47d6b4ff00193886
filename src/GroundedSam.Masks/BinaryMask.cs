using System.Numerics;

namespace GroundedSam.Masks;

/// <summary>A full-resolution mask, one byte per pixel, row-major: 255 inside, 0 outside, never another value.</summary>
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
        if (pixels is not null && pixels.AsSpan().IndexOfAnyExcept((byte)0, On) >= 0)
        {
            throw new ArgumentException("Mask pixels must be 0 or 255.", nameof(pixels));
        }
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public bool this[int x, int y] => Pixels[(y * Width) + x] != 0;

    /// <summary>Pixels inside the mask.</summary>
    public long Area() => Pixels.Length - Pixels.AsSpan().Count((byte)0);

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
            var i = 0;
            for (; i <= destination.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (new Vector<byte>(destination[i..]) | new Vector<byte>(source[i..])).CopyTo(destination[i..]);
            }

            for (; i < destination.Length; i++)
            {
                destination[i] |= source[i];
            }
        }

        return union;
    }

    public BinaryMask Inverted()
    {
        // Pixels are 0 or 255, so the ones' complement swaps them.
        var inverted = new byte[Pixels.Length];
        var i = 0;
        for (; i <= inverted.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            Vector.OnesComplement(new Vector<byte>(Pixels, i)).CopyTo(inverted, i);
        }

        for (; i < inverted.Length; i++)
        {
            inverted[i] = (byte)~Pixels[i];
        }

        return new BinaryMask(Width, Height, inverted);
    }
}
