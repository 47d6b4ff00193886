using System.Buffers.Binary;

namespace GroundedSam.Inference.Imaging.Webp;

/// <summary>
/// Walks a WebP's RIFF chunks before any decoder sees it (RFC 9649): the RIFF size must fit in the file, every chunk
/// must fit in the RIFF (a chunk declaring 4 GB once crashed the decoder's header reader), the image must be a still
/// VP8, VP8L or VP8X image within the pixel limit (animations are refused: every frame would be decoded), and a VP8
/// frame's first partition must fit in its chunk. The orientation is read from the EXIF chunk.
/// </summary>
internal static class WebpStructure
{
    public static ImageHeader Read(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        if (data.Length < 12 || !data.StartsWith("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            throw Unreadable("The WebP's RIFF header is damaged.");
        }

        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffEnd > data.Length)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable,
                $"The WebP file is truncated: its data ends before the image does ({data.Length:N0} bytes). Upload the photo again.");
        }

        (int Width, int Height)? canvas = null;
        (int Width, int Height)? frame = null;
        var orientation = 1;
        var first = true;
        for (var p = 12L; p + 8 <= riffEnd;)
        {
            var type = data.Slice((int)p, 4);
            var size = (long)BinaryPrimitives.ReadUInt32LittleEndian(data[((int)p + 4)..]);
            if (p + 8 + size > riffEnd)
            {
                throw Unreadable($"A WebP chunk ({Name(type)}) declares {size:N0} bytes, past the end of the file.");
            }

            var content = data.Slice((int)p + 8, (int)size);
            if (first && !(type.SequenceEqual("VP8 "u8) || type.SequenceEqual("VP8L"u8) || type.SequenceEqual("VP8X"u8)))
            {
                throw Unreadable($"The WebP starts with a {Name(type)} chunk instead of its image.");
            }

            first = false;
            if (type.SequenceEqual("VP8X"u8))
            {
                canvas = Extended(content);
            }
            else if (type.SequenceEqual("ANIM"u8) || type.SequenceEqual("ANMF"u8))
            {
                throw Animated();
            }
            else if (type.SequenceEqual("VP8 "u8))
            {
                frame ??= Lossy(content);
            }
            else if (type.SequenceEqual("VP8L"u8))
            {
                frame ??= Lossless(content);
            }
            else if (type.SequenceEqual("EXIF"u8))
            {
                orientation = ExifOrientation.Read(content);
            }

            p += 8 + size + (size & 1);
        }

        var (width, height) = frame ?? throw Unreadable("The WebP holds no image (no VP8 or VP8L chunk).");
        if (canvas is { } c && c != (width, height))
        {
            throw Unreadable($"The WebP's canvas is {c.Width}×{c.Height} but its image is {width}×{height}.");
        }

        limits.CheckPixels("WebP", width, height);
        return new ImageHeader("WebP", width, height, orientation);
    }

    // VP8X (RFC 9649 §2.7): flags, then the canvas size minus one in 24-bit fields.
    private static (int Width, int Height) Extended(ReadOnlySpan<byte> content)
    {
        if (content.Length < 10)
        {
            throw Unreadable("The WebP's VP8X chunk is cut short.");
        }

        if ((content[0] & 0x02) != 0)
        {
            throw Animated();
        }

        return (1 + U24(content[4..]), 1 + U24(content[7..]));
    }

    // VP8 key frame (RFC 6386 §9.1): frame tag, start code, 14-bit width and height.
    private static (int Width, int Height) Lossy(ReadOnlySpan<byte> content)
    {
        if (content.Length < 10 || content[3] != 0x9D || content[4] != 0x01 || content[5] != 0x2A)
        {
            throw Unreadable("The WebP's VP8 frame header is damaged.");
        }

        var tag = content[0] | (content[1] << 8) | (content[2] << 16);
        if ((tag & 1) != 0)
        {
            throw Unreadable("The WebP's VP8 frame is not a key frame.");
        }

        var firstPartition = (tag >> 5) & 0x7FFFF;
        if (firstPartition > content.Length - 10)
        {
            throw Unreadable($"The WebP's data ends before the image does: its first partition needs {firstPartition:N0} bytes, the chunk holds {content.Length - 10:N0}.");
        }

        return (BinaryPrimitives.ReadUInt16LittleEndian(content[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(content[8..]) & 0x3FFF);
    }

    // VP8L (RFC 9649 §3.2): signature 0x2F, then width-1 and height-1 in 14 bits each.
    private static (int Width, int Height) Lossless(ReadOnlySpan<byte> content)
    {
        if (content.Length < 5 || content[0] != 0x2F)
        {
            throw Unreadable("The WebP's VP8L header is damaged.");
        }

        var bits = BinaryPrimitives.ReadUInt32LittleEndian(content[1..]);
        return (1 + (int)(bits & 0x3FFF), 1 + (int)((bits >> 14) & 0x3FFF));
    }

    private static int U24(ReadOnlySpan<byte> data) => data[0] | (data[1] << 8) | (data[2] << 16);

    private static string Name(ReadOnlySpan<byte> type)
    {
        Span<char> text = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            text[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        }

        return text.ToString();
    }

    private static ImageRejectedException Animated() =>
        new(ImageProblem.UnsupportedFormat, "Animated WebP images are not supported. Export one frame as a still JPEG, PNG or WebP.");

    private static ImageRejectedException Unreadable(string message) => new(ImageProblem.Unreadable, message);
}
