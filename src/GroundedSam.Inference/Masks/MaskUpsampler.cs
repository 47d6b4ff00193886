namespace GroundedSam.Inference.Masks;

/// <summary>
/// SAM 2's low-resolution logits to a full-size mask (spec §1.8): bilinear interpolation straight to the photo's
/// size with PyTorch's <c>align_corners=False</c> (source = (dst + 0.5) · in/out − 0.5, clamped at 0; the next
/// sample clamped at the edge), then logit &gt; 0. Rows are interpolated across once per source row, then blended
/// down, so a 12 MP mask costs a few passes over its pixels.
/// </summary>
public static class MaskUpsampler
{
    public static BinaryMask Upsample(ReadOnlySpan<float> logits, int sourceWidth, int sourceHeight, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(logits.Length, sourceWidth * sourceHeight, nameof(logits));
        var (x0, x1, wx) = Taps(sourceWidth, width);
        var (y0, y1, wy) = Taps(sourceHeight, height);

        // Each source row interpolated to the output width, computed when first needed.
        var rows = new float[sourceHeight][];
        var mask = new BinaryMask(width, height);
        var pixels = mask.Pixels.AsSpan();
        for (var y = 0; y < height; y++)
        {
            var top = Row(y0[y], logits);
            var bottom = Row(y1[y], logits);
            var w = wy[y];
            var output = pixels.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var value = top[x] + (w * (bottom[x] - top[x]));
                output[x] = value > 0 ? BinaryMask.On : (byte)0;
            }
        }

        return mask;

        float[] Row(int sy, ReadOnlySpan<float> source)
        {
            if (rows[sy] is { } cached)
            {
                return cached;
            }

            var row = source.Slice(sy * sourceWidth, sourceWidth);
            var result = new float[width];
            for (var x = 0; x < width; x++)
            {
                var a = row[x0[x]];
                result[x] = a + (wx[x] * (row[x1[x]] - a));
            }

            rows[sy] = result;
            return result;
        }
    }

    /// <summary>For each output index: the two source indices and the weight of the second.</summary>
    internal static (int[] Lo, int[] Hi, float[] Weight) Taps(int sourceSize, int size)
    {
        var lo = new int[size];
        var hi = new int[size];
        var weight = new float[size];
        var scale = (float)sourceSize / size;
        for (var i = 0; i < size; i++)
        {
            var source = Math.Max((scale * (i + 0.5f)) - 0.5f, 0f);
            var index = (int)source;
            lo[i] = index;
            hi[i] = index < sourceSize - 1 ? index + 1 : index;
            weight[i] = source - index;
        }

        return (lo, hi, weight);
    }
}
