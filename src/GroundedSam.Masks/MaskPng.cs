using System.Buffers.Binary;
using System.IO.Compression;

namespace GroundedSam.Masks;

/// <summary>
/// Masks as 8-bit grayscale PNG, 0 and 255, the format diffusers' inpainting pipelines read. The writer is our own
/// because a 12 MP mask is mostly long runs: every scanline gets PNG's "Up" filter, which turns a row equal to the
/// one above into zeros, and the runtime's native zlib squeezes those in a few milliseconds, where a
/// general-purpose encoder (adaptive filters, managed deflate) takes tens. Reading is our own too
/// (<see cref="MaskPngReader"/>): strict, bounded, for masks that arrive in untrusted messages.
/// </summary>
public static class MaskPng
{
    private static readonly ZLibCompressionOptions RunLength = new() { CompressionLevel = 6, CompressionStrategy = ZLibCompressionStrategy.RunLengthEncoding };
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(BinaryMask mask)
    {
        using var buffer = new MemoryStream();
        Write(mask, buffer);
        return buffer.ToArray();
    }

    /// <summary>Any 8-bit grey image, such as a feathered mask, row-major.</summary>
    public static byte[] EncodeGray(byte[] pixels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(pixels.Length, width * height, nameof(pixels));
        using var buffer = new MemoryStream();
        Write(pixels, width, height, buffer);
        return buffer.ToArray();
    }

    public static void Write(BinaryMask mask, Stream destination) => Write(mask.Pixels, mask.Width, mask.Height, destination);

    private static void Write(byte[] pixels, int width, int height, Stream destination)
    {
        destination.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 0;  // colour type: grayscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering, one filter byte per row
        header[12] = 0; // no interlace
        WriteChunk(destination, "IHDR"u8, header);
        WriteChunk(destination, "IDAT"u8, Compress(pixels, width, height));
        WriteChunk(destination, "IEND"u8, []);
    }

    /// <summary>Reads an 8-bit grey PNG (a feathered mask, say): pixels row-major. Throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static (byte[] Pixels, int Width, int Height) ReadGray(Stream source)
    {
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return MaskPngReader.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), expected: null);
    }

    /// <summary>Reads a mask PNG back; any non-zero grey value counts as inside.</summary>
    public static BinaryMask Read(Stream source)
    {
        var (pixels, width, height) = ReadGray(source);
        return Binarize(pixels, width, height);
    }

    /// <summary>
    /// Reads a mask that must be <paramref name="width"/>×<paramref name="height"/>, 8-bit grey PNG; any non-zero grey
    /// counts as inside. Anything else, or data that ends early, is <see cref="InvalidDataException"/>, found before
    /// more than the expected pixels are allocated.
    /// </summary>
    public static BinaryMask Read(ReadOnlySpan<byte> png, int width, int height)
    {
        var (pixels, _, _) = MaskPngReader.Read(png, (width, height));
        return Binarize(pixels, width, height);
    }

    private static BinaryMask Binarize(byte[] pixels, int width, int height)
    {
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = pixels[i] == 0 ? (byte)0 : BinaryMask.On;
        }

        return new BinaryMask(width, height, pixels);
    }

    private static byte[] Compress(byte[] image, int width, int height)
    {
        var stride = width + 1;
        var filtered = LargeBuffers.Bytes.Rent(stride * height);
        try
        {
            var pixels = image.AsSpan();
            for (var y = 0; y < height; y++)
            {
                var row = filtered.AsSpan(y * stride, stride);
                row[0] = 2; // "Up": each byte minus the byte above
                if (y == 0)
                {
                    pixels[..width].CopyTo(row[1..]);
                }
                else
                {
                    Subtract(pixels.Slice(y * width, width), pixels.Slice((y - 1) * width, width), row[1..]);
                }
            }

            // One write of the whole image: zlib runs fastest on large buffers. Its run-length strategy suits these rows
            // (runs of one byte, the rows equal to the one above all zeros): on a 12 MP mask it is about a third faster
            // than the default strategy and its file a tenth smaller (4.0 ms against 5.7 ms, 17.5 KB against 19.2 KB).
            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, RunLength, leaveOpen: true))
            {
                zlib.Write(filtered, 0, stride * height);
            }

            return compressed.ToArray();
        }
        finally
        {
            LargeBuffers.Bytes.Return(filtered);
        }
    }

    private static void Subtract(ReadOnlySpan<byte> current, ReadOnlySpan<byte> above, Span<byte> result)
    {
        var i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var size = System.Numerics.Vector<byte>.Count;
            for (; i <= current.Length - size; i += size)
            {
                (new System.Numerics.Vector<byte>(current[i..]) - new System.Numerics.Vector<byte>(above[i..])).CopyTo(result[i..]);
            }
        }

        for (; i < current.Length; i++)
        {
            result[i] = (byte)(current[i] - above[i]);
        }
    }

    private static void WriteChunk(Stream destination, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        destination.Write(word);
        destination.Write(type);
        destination.Write(data);
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        destination.Write(word);
    }
}
