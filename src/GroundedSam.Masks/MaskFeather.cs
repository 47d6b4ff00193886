namespace GroundedSam.Masks;

/// <summary>
/// Softens a mask's edge for inpainting: three passes of a box blur in each direction (a close approximation of a
/// Gaussian) whose combined reach is the feather width, computed with running sums so the cost does not grow with
/// the width. The result is a grey-level mask, 0 to 255.
/// </summary>
public static class MaskFeather
{
    public static byte[] Apply(BinaryMask mask, int pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pixels);
        if (pixels == 0)
        {
            return (byte[])mask.Pixels.Clone();
        }

        int width = mask.Width, height = mask.Height;
        var radius = Math.Max(1, pixels / 3);
        var values = new float[width * height];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = mask.Pixels[i];
        }

        var line = new float[Math.Max(width, height)];
        var blurred = new float[line.Length];
        for (var pass = 0; pass < 3; pass++)
        {
            for (var y = 0; y < height; y++)
            {
                var row = values.AsSpan(y * width, width);
                BoxBlur(row, blurred.AsSpan(0, width), radius);
                blurred.AsSpan(0, width).CopyTo(row);
            }

            for (var x = 0; x < width; x++)
            {
                for (var y = 0; y < height; y++)
                {
                    line[y] = values[(y * width) + x];
                }

                BoxBlur(line.AsSpan(0, height), blurred.AsSpan(0, height), radius);
                for (var y = 0; y < height; y++)
                {
                    values[(y * width) + x] = blurred[y];
                }
            }
        }

        var result = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (byte)Math.Clamp(MathF.Round(values[i]), 0, 255);
        }

        return result;
    }

    // Mean over [i - radius, i + radius], the window clamped to the line: edges are not darkened by outside zeros.
    private static void BoxBlur(ReadOnlySpan<float> source, Span<float> destination, int radius)
    {
        var n = source.Length;
        var prefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] + source[i];
        }

        for (var i = 0; i < n; i++)
        {
            var lo = Math.Max(0, i - radius);
            var hi = Math.Min(n, i + radius + 1);
            destination[i] = (float)((prefix[hi] - prefix[lo]) / (hi - lo));
        }
    }
}
