using System.Buffers.Binary;

namespace GroundedSam.Testing.Hostile;

/// <summary>Edits JPEG files segment by segment for the hostile-input corpus.</summary>
public static class JpegSegments
{
    /// <summary>Offset of the 0xFF of the first segment with <paramref name="marker"/> before the image data ends, or -1.</summary>
    public static int Find(byte[] jpeg, byte marker)
    {
        for (var p = 2; p + 4 <= jpeg.Length && jpeg[p] == 0xFF;)
        {
            if (jpeg[p + 1] == marker)
            {
                return p;
            }

            if (jpeg[p + 1] == 0xDA)
            {
                return -1;
            }

            p += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(p + 2));
        }

        return -1;
    }

    /// <summary>The JPEG with a segment inserted right after SOI.</summary>
    public static byte[] InsertAfterSoi(byte[] jpeg, byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>The JPEG with its frame header saying another size; the image data is left as it is.</summary>
    public static byte[] WithFrameSize(byte[] jpeg, int width, int height)
    {
        var copy = (byte[])jpeg.Clone();
        var sof = FrameHeader(copy);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof + 7), (ushort)width);
        return copy;
    }

    /// <summary>The JPEG with its frame marker changed (SOF0 to SOF3, SOF9, …).</summary>
    public static byte[] WithFrameMarker(byte[] jpeg, byte marker)
    {
        var copy = (byte[])jpeg.Clone();
        copy[FrameHeader(copy) + 1] = marker;
        return copy;
    }

    /// <summary>The JPEG with its first scan (SOS and data) repeated until it has <paramref name="scans"/> scans.</summary>
    public static byte[] WithRepeatedScan(byte[] jpeg, int scans)
    {
        var start = Find(jpeg, 0xDA);
        var end = jpeg.Length - 2;
        var scan = jpeg[start..end];
        using var buffer = new MemoryStream();
        buffer.Write(jpeg, 0, start);
        for (var i = 0; i < scans; i++)
        {
            buffer.Write(scan);
        }

        buffer.Write(jpeg, end, 2);
        return buffer.ToArray();
    }

    /// <summary>An EXIF APP1 payload whose IFD0 holds the orientation; with <paramref name="loop"/> it links back to itself twice.</summary>
    public static byte[] Exif(ushort orientation, bool loop = false)
    {
        var entries = loop ? 2 : 1;
        var tiff = new byte[8 + 2 + (12 * entries) + 4];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), (ushort)entries);
        Entry(tiff.AsSpan(10), 0x0112, 3, orientation);
        if (loop)
        {
            // An EXIF sub-IFD pointer back to IFD0, and IFD0's next-IFD link to itself.
            Entry(tiff.AsSpan(22), 0x8769, 4, 8);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(10 + (12 * entries)), loop ? 8u : 0u);
        return [.. "Exif\0\0"u8, .. tiff];
    }

    private static void Entry(Span<byte> entry, ushort tag, ushort type, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], value);
    }

    private static int FrameHeader(byte[] jpeg)
    {
        foreach (byte marker in new[] { 0xC0, 0xC1, 0xC2 })
        {
            if (Find(jpeg, marker) is var p && p >= 0)
            {
                return p;
            }
        }

        throw new InvalidOperationException("The JPEG has no SOF0, SOF1 or SOF2 segment.");
    }
}
