using System.Buffers.Binary;
using System.IO.Compression;

namespace GroundedSam.Masks;

/// <summary>
/// Reads the one kind of PNG a mask is: 8-bit greyscale, not interlaced, of a size known in advance. Anything else
/// (another format, colour, another size, an image whose data ends early) is <see cref="InvalidDataException"/>,
/// and nothing is allocated or inflated beyond the expected pixels, so a mask from an untrusted message cannot be a
/// decompression bomb. Every PNG row filter is undone (PNG spec §9), so masks written by other tools read too.
/// </summary>
internal static class MaskPngReader
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <param name="expected">The size the mask must have, or null to accept the size its header gives.</param>
    public static (byte[] Pixels, int Width, int Height) Read(ReadOnlySpan<byte> png, (int Width, int Height)? expected)
    {
        if (!png.StartsWith(Signature))
        {
            throw new InvalidDataException("The mask is not a PNG.");
        }

        var (width, height) = (0, 0);
        using var compressed = new MemoryStream();
        for (var p = Signature.Length; ;)
        {
            if (p + 12 > png.Length)
            {
                throw new InvalidDataException("The mask PNG is truncated.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png[p..]);
            if (length > int.MaxValue || p + 12L + length > png.Length)
            {
                throw new InvalidDataException("The mask PNG is truncated.");
            }

            var type = png.Slice(p + 4, 4);
            var content = png.Slice(p + 8, (int)length);
            if (p == Signature.Length)
            {
                (width, height) = Header(type, content, expected);
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                compressed.Write(content);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            p += 12 + (int)length;
        }

        compressed.Position = 0;
        var rows = Inflate(compressed, width, height);
        return (Unfilter(rows, width, height), width, height);
    }

    private static (int Width, int Height) Header(ReadOnlySpan<byte> type, ReadOnlySpan<byte> content, (int Width, int Height)? expected)
    {
        if (!type.SequenceEqual("IHDR"u8) || content.Length != 13)
        {
            throw new InvalidDataException("The mask PNG does not start with its header.");
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(content);
        var height = BinaryPrimitives.ReadInt32BigEndian(content[4..]);
        if (content[8] != 8 || content[9] != 0 || content[12] != 0)
        {
            throw new InvalidDataException($"The mask PNG is not 8-bit greyscale without interlacing (bit depth {content[8]}, colour type {content[9]}, interlace {content[12]}).");
        }

        if (expected is { } size ? (width, height) != size : width <= 0 || height <= 0 || (long)width * height > int.MaxValue - height)
        {
            throw new InvalidDataException(expected is { } e
                ? $"The mask is {width}×{height}, not {e.Width}×{e.Height}."
                : $"The mask PNG gives an impossible size of {width}×{height}.");
        }

        return (width, height);
    }

    // Exactly the filtered rows: a stream that ends early is refused, one that goes on is not read further.
    private static byte[] Inflate(Stream compressed, int width, int height)
    {
        var rows = new byte[(width + 1L) * height];
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        try
        {
            inflater.ReadExactly(rows);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("The mask PNG's data ends before its last row.");
        }

        return rows;
    }

    private static byte[] Unfilter(byte[] rows, int width, int height)
    {
        var pixels = new byte[(long)width * height];
        Span<byte> none = width <= 4096 ? stackalloc byte[width] : new byte[width];
        none.Clear();
        for (var y = 0; y < height; y++)
        {
            var filter = rows[y * (width + 1L)];
            var source = rows.AsSpan((int)((y * (width + 1L)) + 1), width);
            var row = pixels.AsSpan(y * width, width);
            ReadOnlySpan<byte> up = y > 0 ? pixels.AsSpan((y - 1) * width, width) : none;
            switch (filter)
            {
                case 0:
                    source.CopyTo(row);
                    break;
                case 2:
                    Add(source, up, row);
                    break;
                case 1 or 3 or 4:
                    for (var x = 0; x < width; x++)
                    {
                        int left = x > 0 ? row[x - 1] : 0, above = up[x], upLeft = x > 0 ? up[x - 1] : 0;
                        row[x] = (byte)(source[x] + (filter == 1 ? left : filter == 3 ? (left + above) >> 1 : Paeth(left, above, upLeft)));
                    }

                    break;
                default:
                    throw new InvalidDataException($"The mask PNG uses row filter {filter}, which PNG does not define.");
            }
        }

        return pixels;
    }

    // "Up", the filter MaskPng writes: byte-wise sums, a vector at a time.
    private static void Add(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> result)
    {
        var i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var size = System.Numerics.Vector<byte>.Count;
            for (; i <= a.Length - size; i += size)
            {
                (new System.Numerics.Vector<byte>(a[i..]) + new System.Numerics.Vector<byte>(b[i..])).CopyTo(result[i..]);
            }
        }

        for (; i < a.Length; i++)
        {
            result[i] = (byte)(a[i] + b[i]);
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
