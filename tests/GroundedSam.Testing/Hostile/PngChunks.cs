using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GroundedSam.Testing.Hostile;

/// <summary>Builds and edits PNG files chunk by chunk, with correct CRCs, for the hostile-input corpus.</summary>
public static class PngChunks
{
    /// <summary>The chunks of a PNG after its signature: (type, content).</summary>
    public static List<(string Type, byte[] Content)> Split(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (var p = 8; p + 12 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(p));
            chunks.Add((Encoding.ASCII.GetString(png, p + 4, 4), png.AsSpan(p + 8, length).ToArray()));
            p += 12 + length;
        }

        return chunks;
    }

    public static byte[] Join(IEnumerable<(string Type, byte[] Content)> chunks)
    {
        using var buffer = new MemoryStream();
        buffer.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, content) in chunks)
        {
            Write(buffer, type, content);
        }

        return buffer.ToArray();
    }

    public static void Write(Stream destination, string type, ReadOnlySpan<byte> content)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)content.Length);
        destination.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        destination.Write(typeBytes);
        destination.Write(content);
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(typeBytes);
        crc.Append(content);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        destination.Write(word);
    }

    /// <summary>The PNG with <paramref name="extra"/> chunks inserted right after IHDR.</summary>
    public static byte[] Insert(byte[] png, params (string Type, byte[] Content)[] extra)
    {
        var chunks = Split(png);
        chunks.InsertRange(1, extra);
        return Join(chunks);
    }

    public static byte[] Zlib(ReadOnlySpan<byte> data)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return buffer.ToArray();
    }

    /// <summary>A zlib stream of <paramref name="bytes"/> zeros, compressed about 1000:1.</summary>
    public static byte[] ZlibZeros(int bytes)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var left = bytes; left > 0; left -= zeros.Length)
            {
                zlib.Write(zeros, 0, Math.Min(left, zeros.Length));
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
