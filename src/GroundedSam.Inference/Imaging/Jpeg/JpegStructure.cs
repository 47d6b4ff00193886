using System.Buffers.Binary;

namespace GroundedSam.Inference.Imaging.Jpeg;

/// <summary>
/// Walks a JPEG from SOI to EOI before any decoder sees it (T.81 Annex B): every segment must fit in the file, the
/// frame must be one the decoder handles (baseline, extended or progressive Huffman), and the number of scans is
/// capped (each progressive scan is a pass over the whole image, so thousands of them make decoding take minutes).
/// The EXIF orientation is read here too, from IFD0 only, so no chain of IFDs is ever followed.
/// <see cref="CheckCoverage"/> walks again and also decodes every scan's Huffman symbols to prove its data covers the
/// image its header declares (<see cref="JpegScan"/>); that costs 15 to 40 % of a decode, so the decoder asks for it
/// only when the decoded photo ends in the flat fill a decoder leaves where data is missing.
/// </summary>
internal static class JpegStructure
{
    public static ImageHeader Read(ReadOnlySpan<byte> data, ImageLimits limits) => Walk(data, limits, coverage: false);

    /// <summary>Throws <see cref="ImageRejectedException"/> when a scan's data ends more than one MCU row before the image does.</summary>
    public static void CheckCoverage(ReadOnlySpan<byte> data, ImageLimits limits) => Walk(data, limits, coverage: true);

    private static ImageHeader Walk(ReadOnlySpan<byte> data, ImageLimits limits, bool coverage)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            throw Unreadable("The JPEG does not start with its SOI marker.");
        }

        JpegFrame? frame = null;
        var dc = new HuffmanTable?[4];
        var ac = new HuffmanTable?[4];
        var restartInterval = 0;
        var orientation = 1;
        var scans = 0;
        var p = 2;
        while (true)
        {
            p = EntropyReader.NextMarker(data, p);
            if (p + 1 >= data.Length)
            {
                throw Truncated(data.Length);
            }

            var marker = data[p + 1];
            p += 2;
            if (marker == 0xD9)
            {
                return frame is not null && scans > 0
                    ? new ImageHeader("JPEG", frame.Width, frame.Height, orientation)
                    : throw Unreadable("The JPEG ends without image data.");
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            if (p + 2 > data.Length)
            {
                throw Truncated(data.Length);
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[p..]);
            if (length < 2)
            {
                throw Unreadable($"A JPEG segment (marker 0x{marker:X2}) has an impossible length of {length}.");
            }

            if (p + length > data.Length)
            {
                throw Truncated(data.Length);
            }

            var segment = data.Slice(p + 2, length - 2);
            p += length;
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    frame = frame is null ? ParseFrame(segment, marker) : throw Unreadable("The JPEG has more than one frame header.");
                    limits.CheckPixels("JPEG", frame.Width, frame.Height);
                    break;
                case 0xC3 or 0xC5 or 0xC6 or 0xC7:
                    throw Unsupported("lossless or hierarchical");
                case >= 0xC9 and <= 0xCB or >= 0xCD and <= 0xCF:
                    throw Unsupported("arithmetic-coded");
                case 0xC4:
                    ReadHuffmanTables(segment, dc, ac);
                    break;
                case 0xDD when segment.Length >= 2:
                    restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case 0xE1 when orientation == 1 && segment.StartsWith("Exif\0\0"u8):
                    orientation = ExifOrientation.Read(segment[6..]);
                    break;
                case 0xDA:
                    if (frame is null)
                    {
                        throw Unreadable("The JPEG has image data before its frame header.");
                    }

                    if (++scans > limits.MaxJpegScans)
                    {
                        throw new ImageRejectedException(ImageProblem.TooLarge,
                            $"The JPEG has more than {limits.MaxJpegScans} scans; each one is a pass over the whole photo, so the work is refused. Re-encode the photo.");
                    }

                    var (end, complete) = coverage ? WalkScan(data, p, segment, frame, dc, ac, restartInterval) : (EntropyReader.EndOfScan(data, p), true);
                    if (!complete && end >= data.Length)
                    {
                        throw Truncated(data.Length);
                    }

                    if (!complete)
                    {
                        throw Unreadable($"The JPEG's data ends before the image does: its header declares {frame.Width}×{frame.Height}, but scan {scans} covers less. Upload the photo again.");
                    }

                    p = end;
                    break;
            }
        }
    }

    private static (int End, bool Complete) WalkScan(ReadOnlySpan<byte> data, int start, ReadOnlySpan<byte> header, JpegFrame frame,
        HuffmanTable?[] dc, HuffmanTable?[] ac, int restartInterval)
    {
        try
        {
            return JpegScan.Walk(data, start, header, frame, dc, ac, restartInterval);
        }
        catch (InvalidDataException ex)
        {
            throw Unreadable($"The JPEG's image data is corrupt: {ex.Message}");
        }
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> segment, HuffmanTable?[] dc, HuffmanTable?[] ac)
    {
        for (var offset = 0; offset < segment.Length;)
        {
            var (klass, id) = (segment[offset] >> 4, segment[offset] & 0x0F);
            if (klass > 1 || id > 3)
            {
                throw Unreadable($"A Huffman table has class {klass} and id {id}.");
            }

            try
            {
                var (table, length) = HuffmanTable.Parse(segment, offset);
                (klass == 0 ? dc : ac)[id] = table;
                offset += length;
            }
            catch (InvalidDataException ex)
            {
                throw Unreadable($"The JPEG's Huffman tables are corrupt: {ex.Message}");
            }
        }
    }

    private static JpegFrame ParseFrame(ReadOnlySpan<byte> segment, byte marker)
    {
        try
        {
            return JpegFrame.Parse(segment, marker);
        }
        catch (InvalidDataException ex)
        {
            throw Unreadable($"The JPEG header is corrupt: {ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            throw new ImageRejectedException(ImageProblem.UnsupportedFormat, $"{ex.Message} Save the photo again as a plain JPEG.");
        }
    }

    private static ImageRejectedException Unreadable(string message) => new(ImageProblem.Unreadable, message);

    private static ImageRejectedException Unsupported(string kind) =>
        new(ImageProblem.UnsupportedFormat, $"The photo is a {kind} JPEG, which the decoder does not support. Save it as a baseline or progressive JPEG, or as PNG.");

    private static ImageRejectedException Truncated(int length) =>
        new(ImageProblem.Unreadable, $"The JPEG file is truncated: its data ends before the image does ({length:N0} bytes). Upload the photo again.");
}
