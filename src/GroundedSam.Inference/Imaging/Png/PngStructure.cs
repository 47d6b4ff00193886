using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace GroundedSam.Inference.Imaging.Png;

/// <summary>
/// Walks a PNG's chunks before any decoder sees it (PNG spec §5): every chunk must fit in the file, IHDR must come
/// first and describe a valid image within the pixel limit, IEND must close it, and the compressed image data must
/// inflate to at least the bytes the header's rows need; a decoder would fill missing rows with black. Ancillary
/// chunks are never inflated (a 2 MB file can hold gigabytes of compressed text); the EXIF orientation is read from
/// eXIf, which is stored uncompressed.
/// </summary>
internal static class PngStructure
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static ImageHeader Read(byte[] data, ImageLimits limits)
    {
        if (!data.AsSpan().StartsWith(Signature))
        {
            throw Unreadable("The PNG signature is damaged.");
        }

        PngHeader? header = null;
        var orientation = 1;
        var hasPalette = false;
        var imageData = new List<(int Offset, int Length)>();
        var p = Signature.Length;
        while (true)
        {
            if (p + 12 > data.Length)
            {
                throw Truncated(data.Length);
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(p));
            var type = data.AsSpan(p + 4, 4);
            if (length > int.MaxValue || p + 12L + length > data.Length)
            {
                throw length > int.MaxValue ? Unreadable($"A PNG chunk declares {length:N0} bytes.") : Truncated(data.Length);
            }

            var content = data.AsSpan(p + 8, (int)length);
            if (header is null && !type.SequenceEqual("IHDR"u8))
            {
                throw Unreadable("The PNG does not start with its IHDR chunk.");
            }

            if (type.SequenceEqual("IHDR"u8))
            {
                header = header is null ? PngHeader.Parse(content) : throw Unreadable("The PNG has two IHDR chunks.");
                limits.CheckPixels("PNG", header.Width, header.Height);
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                hasPalette = true;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                imageData.Add((p + 8, (int)length));
            }
            else if (type.SequenceEqual("eXIf"u8))
            {
                orientation = ExifOrientation.Read(content);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            p += 12 + (int)length;
        }

        if (imageData.Count == 0)
        {
            throw Unreadable("The PNG has no image data (IDAT).");
        }

        if (header!.ColorType == 3 && !hasPalette)
        {
            throw Unreadable("The PNG uses a palette but has none (PLTE).");
        }

        CheckImageDataLength(data, imageData, header);
        return new ImageHeader("PNG", header.Width, header.Height, orientation);
    }

    // Inflates the IDAT stream into a scratch buffer, counting, until the rows the header needs are there.
    private static void CheckImageDataLength(byte[] data, List<(int Offset, int Length)> chunks, PngHeader header)
    {
        var needed = header.ScanlineBytes();
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var compressed = new ChunkStream(data, chunks);
            using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
            var total = 0L;
            while (total < needed)
            {
                var read = inflater.Read(scratch, 0, (int)Math.Min(scratch.Length, needed - total));
                if (read == 0)
                {
                    throw Unreadable($"The PNG's data ends before the image does: {total:N0} of the {needed:N0} bytes its {header.Width}×{header.Height} rows need. Upload the photo again.");
                }

                total += read;
            }
        }
        catch (InvalidDataException ex)
        {
            throw Unreadable($"The PNG's compressed image data is corrupt: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static ImageRejectedException Unreadable(string message) => new(ImageProblem.Unreadable, message);

    private static ImageRejectedException Truncated(int length) =>
        new(ImageProblem.Unreadable, $"The PNG file is truncated: its data ends before the image does ({length:N0} bytes). Upload the photo again.");
}
