namespace GroundedSam.Masks;

/// <summary>
/// Growing a mask by a radius in pixels with a round (Euclidean) brush, so the inpainter gets a margin around each
/// object. Uses the exact squared Euclidean distance transform of Felzenszwalb and Huttenlocher (two 1-D passes of
/// lower envelopes of parabolas): linear in the pixel count whatever the radius.
/// </summary>
public static class MaskMorphology
{
    public static BinaryMask Dilate(BinaryMask mask, int radius)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        if (radius == 0)
        {
            return mask;
        }

        var distance = SquaredDistanceToMask(mask);
        var limit = (float)radius * radius;
        var pixels = new byte[distance.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = distance[i] <= limit ? BinaryMask.On : (byte)0;
        }

        return new BinaryMask(mask.Width, mask.Height, pixels);
    }

    /// <summary>Squared distance from each pixel to the nearest pixel inside the mask (0 inside).</summary>
    public static float[] SquaredDistanceToMask(BinaryMask mask)
    {
        int width = mask.Width, height = mask.Height;
        var grid = new float[width * height];
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = mask.Pixels[i] != 0 ? 0 : float.PositiveInfinity;
        }

        var longest = Math.Max(width, height);
        var f = new float[longest];
        var d = new float[longest];
        var v = new int[longest];
        var z = new double[longest + 1];
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                f[y] = grid[(y * width) + x];
            }

            Transform(f, height, d, v, z);
            for (var y = 0; y < height; y++)
            {
                grid[(y * width) + x] = d[y];
            }
        }

        for (var y = 0; y < height; y++)
        {
            var row = grid.AsSpan(y * width, width);
            row.CopyTo(f);
            Transform(f, width, d, v, z);
            d.AsSpan(0, width).CopyTo(row);
        }

        return grid;
    }

    // One dimension: d[q] = min over p of (q - p)² + f[p].
    private static void Transform(float[] f, int n, float[] d, int[] v, double[] z)
    {
        var k = -1;
        for (var q = 0; q < n; q++)
        {
            if (float.IsPositiveInfinity(f[q]))
            {
                continue;
            }

            if (k < 0)
            {
                k = 0;
                v[0] = q;
                z[0] = double.NegativeInfinity;
                z[1] = double.PositiveInfinity;
                continue;
            }

            double s;
            while (true)
            {
                var p = v[k];
                s = ((f[q] + ((double)q * q)) - (f[p] + ((double)p * p))) / (2.0 * (q - p));
                if (s > z[k])
                {
                    break;
                }

                k--;
            }

            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }

        if (k < 0)
        {
            Array.Fill(d, float.PositiveInfinity, 0, n);
            return;
        }

        var j = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[j + 1] < q)
            {
                j++;
            }

            var diff = q - v[j];
            d[q] = ((float)diff * diff) + f[v[j]];
        }
    }
}
