using System.Buffers.Binary;

namespace GroundedSam.Inference.Imaging.Png;

/// <summary>A PNG's IHDR chunk (PNG spec §11.2.2), checked against the combinations the spec allows.</summary>
internal sealed record PngHeader(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
{
    public static PngHeader Parse(ReadOnlySpan<byte> content)
    {
        if (content.Length != 13)
        {
            throw Unreadable($"The PNG's IHDR chunk is {content.Length} bytes, not 13.");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(content);
        var height = BinaryPrimitives.ReadUInt32BigEndian(content[4..]);
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw Unreadable($"The PNG header gives an impossible size of {width}×{height}.");
        }

        int depth = content[8], colorType = content[9];
        var valid = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!valid || content[10] != 0 || content[11] != 0 || content[12] > 1)
        {
            throw Unreadable($"The PNG header is invalid (colour type {colorType}, bit depth {depth}, methods {content[10]}/{content[11]}/{content[12]}).");
        }

        return new PngHeader((int)width, (int)height, depth, colorType, content[12] == 1);
    }

    /// <summary>Bytes of filtered scanlines the image data must inflate to (one filter byte per row; Adam7 passes for interlaced).</summary>
    public long ScanlineBytes()
    {
        if (!Interlaced)
        {
            return Rows(Width, Height);
        }

        // Adam7 (PNG spec §8.2): each pass's start and step in x and y.
        ReadOnlySpan<(int X0, int Dx, int Y0, int Dy)> passes = [(0, 8, 0, 8), (4, 8, 0, 8), (0, 4, 4, 8), (2, 4, 0, 4), (0, 2, 2, 4), (1, 2, 0, 2), (0, 1, 1, 2)];
        var total = 0L;
        foreach (var (x0, dx, y0, dy) in passes)
        {
            long w = Width > x0 ? ((Width - x0 + dx - 1) / dx) : 0;
            long h = Height > y0 ? ((Height - y0 + dy - 1) / dy) : 0;
            if (w > 0 && h > 0)
            {
                total += Rows(w, h);
            }
        }

        return total;
    }

    private long Rows(long width, long height)
    {
        var channels = ColorType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };
        var rowBytes = ((width * channels * BitDepth) + 7) / 8;
        return height * (1 + rowBytes);
    }

    private static ImageRejectedException Unreadable(string message) => new(ImageProblem.Unreadable, message);
}
