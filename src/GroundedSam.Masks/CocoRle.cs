using System.Text;

namespace GroundedSam.Masks;

/// <summary>
/// COCO compressed RLE, byte for byte as pycocotools writes it (<c>mask.encode</c> then <c>counts</c> as UTF-8):
/// runs over the mask in column-major order starting with a run of zeros, each count after the second stored as a
/// difference to the count two before (cocoapi's <c>i &gt; 2</c>), in 5-bit groups offset by 48.
/// </summary>
public static class CocoRle
{
    public static string Encode(BinaryMask mask)
    {
        int width = mask.Width, height = mask.Height;
        var pixels = mask.Pixels.AsSpan();

        // Column-major runs from one row-major sweep: where each column changes value, found by comparing each row
        // with the one above (vectorised), bucketed by column; then the runs are read off column by column.
        var found = new List<(int X, int Y)>();
        for (var y = 1; y < height; y++)
        {
            var above = pixels.Slice((y - 1) * width, width);
            var row = pixels.Slice(y * width, width);
            for (var x = row.CommonPrefixLength(above); x < width; x += 1 + row[(x + 1)..].CommonPrefixLength(above[(x + 1)..]))
            {
                found.Add((x, y));
            }
        }

        var perColumn = new int[width + 1];
        foreach (var (x, _) in found)
        {
            perColumn[x + 1]++;
        }

        for (var x = 0; x < width; x++)
        {
            perColumn[x + 1] += perColumn[x];
        }

        var changes = new int[found.Count];
        var fill = perColumn[..width];
        foreach (var (x, y) in found)
        {
            changes[fill[x]++] = y;
        }

        var counts = new List<long>();
        var current = false;
        long run = 0;
        for (var x = 0; x < width; x++)
        {
            var value = pixels[x] != 0;
            var previous = 0;
            if (value != current)
            {
                counts.Add(run);
                run = 0;
                current = value;
            }

            for (var i = perColumn[x]; i < perColumn[x + 1]; i++)
            {
                run += changes[i] - previous;
                counts.Add(run);
                run = 0;
                current = !current;
                previous = changes[i];
            }

            run += height - previous;
        }

        counts.Add(run);
        return ToCountsString(counts);
    }

    public static BinaryMask Decode(string counts, int width, int height)
    {
        var runs = FromCountsString(counts);
        var mask = new BinaryMask(width, height);
        long position = 0;
        var total = (long)width * height;
        var on = false;
        foreach (var run in runs)
        {
            if (run < 0 || position + run > total)
            {
                throw new FormatException($"RLE runs exceed the {width}×{height} mask.");
            }

            if (on)
            {
                for (var i = position; i < position + run; i++)
                {
                    var x = (int)(i / height);
                    var y = (int)(i % height);
                    mask.Pixels[(y * width) + x] = BinaryMask.On;
                }
            }

            position += run;
            on = !on;
        }

        if (position != total)
        {
            throw new FormatException($"RLE runs cover {position} pixels, not {total}.");
        }

        return mask;
    }

    internal static string ToCountsString(IReadOnlyList<long> counts)
    {
        var text = new StringBuilder(counts.Count * 2);
        for (var i = 0; i < counts.Count; i++)
        {
            var x = counts[i];
            if (i > 2)
            {
                x -= counts[i - 2];
            }

            var more = true;
            while (more)
            {
                var c = x & 0x1f;
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more)
                {
                    c |= 0x20;
                }

                text.Append((char)(c + 48));
            }
        }

        return text.ToString();
    }

    internal static List<long> FromCountsString(string text)
    {
        var counts = new List<long>();
        var p = 0;
        while (p < text.Length)
        {
            long x = 0;
            var k = 0;
            var more = true;
            while (more)
            {
                if (p >= text.Length)
                {
                    throw new FormatException("RLE string ends in the middle of a count.");
                }

                long c = text[p] - 48;
                x |= (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0)
                {
                    x |= -1L << (5 * k);
                }
            }

            if (counts.Count > 2)
            {
                x += counts[^2];
            }

            counts.Add(x);
        }

        return counts;
    }
}
