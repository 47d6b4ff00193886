using System.Buffers.Binary;

namespace GroundedSam.Inference.Imaging;

/// <summary>
/// Whether an encoded photo's container runs to its end. ImageSharp 2.1 decodes a truncated JPEG, PNG or WebP
/// without complaint, filling the missing part with grey or black, and a mask of half a photo is worse than an
/// error; so the structure is walked first: JPEG markers from SOI to EOI (skipping entropy-coded data), PNG chunks
/// up to IEND, and the RIFF length of WebP.
/// </summary>
internal static class FileCompleteness
{
    public static bool IsCompleteJpeg(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            return false;
        }

        var p = 2;
        while (p < data.Length)
        {
            // Markers start with 0xFF, possibly repeated as fill; tolerate stray bytes between segments.
            var next = data[p..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                return false;
            }

            p += next;
            while (p < data.Length && data[p] == 0xFF)
            {
                p++;
            }

            if (p >= data.Length)
            {
                return false;
            }

            var marker = data[p++];
            if (marker == 0xD9)
            {
                return true;
            }

            if (marker is 0x00 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            if (p + 2 > data.Length)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[p..]);
            p += length;
            if (length < 2 || p > data.Length)
            {
                return false;
            }

            if (marker == 0xDA && !SkipEntropyCodedData(data, ref p))
            {
                return false;
            }
        }

        return false;
    }

    public static bool IsCompletePng(ReadOnlySpan<byte> data)
    {
        var p = 8;
        while (p + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[p..]);
            var type = data.Slice(p + 4, 4);
            var end = p + 12L + length;
            if (end > data.Length)
            {
                return false;
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return true;
            }

            p = (int)end;
        }

        return false;
    }

    public static bool IsCompleteWebp(ReadOnlySpan<byte> data) =>
        data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) &&
        BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) + 8L <= data.Length;

    // After SOS: the scan runs until a 0xFF followed by anything but 0x00 (a stuffed byte) or a restart marker.
    private static bool SkipEntropyCodedData(ReadOnlySpan<byte> data, ref int p)
    {
        while (true)
        {
            var next = data[p..].IndexOf((byte)0xFF);
            if (next < 0 || p + next + 1 >= data.Length)
            {
                return false;
            }

            p += next;
            var following = data[p + 1];
            if (following != 0x00 && following is not (>= 0xD0 and <= 0xD7))
            {
                return true;
            }

            p += 2;
        }
    }
}
