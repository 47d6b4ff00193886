namespace GroundedSam.Masks;

/// <summary>
/// SAM 2's low-resolution logits to a full-size mask (spec §1.8): bilinear interpolation straight to the photo's
/// size with PyTorch's <c>align_corners=False</c> (source = (dst + 0.5) · in/out − 0.5, clamped at 0; the next
/// sample clamped at the edge), then logit &gt; 0.
/// </summary>
/// <remarks>
/// Along an output row the bilinear value is linear between two neighbouring source columns: first blend the two
/// source rows at every source column, then each stretch of output pixels between two source columns is all on
/// when both ends are positive, all off when neither is, and only a stretch that crosses zero is evaluated pixel by
/// pixel. The cost follows the photo's height times 256 plus the mask's outline, not the photo's area.
/// </remarks>
public static class MaskUpsampler
{
    public static BinaryMask Upsample(ReadOnlySpan<float> logits, int sourceWidth, int sourceHeight, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(logits.Length, sourceWidth * sourceHeight, nameof(logits));
        var (x0, x1, wx) = Taps(sourceWidth, width);
        var (y0, y1, wy) = Taps(sourceHeight, height);

        // Output columns grouped by their left tap: stretch s covers start[s] until start[s + 1].
        var start = new int[sourceWidth + 1];
        for (int s = 0, x = 0; s <= sourceWidth; s++)
        {
            while (x < width && x0[x] < s)
            {
                x++;
            }

            start[s] = x;
        }

        var mask = new BinaryMask(width, height);
        var pixels = mask.Pixels.AsSpan();
        var blended = new float[sourceWidth];
        for (var y = 0; y < height; y++)
        {
            var top = logits.Slice(y0[y] * sourceWidth, sourceWidth);
            var bottom = logits.Slice(y1[y] * sourceWidth, sourceWidth);
            var w = wy[y];
            var any = false;
            for (var s = 0; s < sourceWidth; s++)
            {
                blended[s] = top[s] + (w * (bottom[s] - top[s]));
                any |= blended[s] > 0;
            }

            if (!any)
            {
                continue;
            }

            var output = pixels.Slice(y * width, width);
            for (var s = 0; s < sourceWidth; s++)
            {
                int from = start[s], to = start[s + 1];
                if (from == to)
                {
                    continue;
                }

                var left = blended[s];
                var right = blended[x1[from]];
                if (left > 0 && right > 0)
                {
                    output[from..to].Fill(BinaryMask.On);
                }
                else if (left > 0 || right > 0)
                {
                    for (var x = from; x < to; x++)
                    {
                        if (left + (wx[x] * (right - left)) > 0)
                        {
                            output[x] = BinaryMask.On;
                        }
                    }
                }
            }
        }

        return mask;
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
