using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Benchmarks;

/// <summary>
/// A photo-like JPEG made from a fixed seed: smooth colour fields plus fine noise, so it compresses about like a
/// phone photo (a few MB at 12 MP) rather than like a flat test card.
/// </summary>
internal static class SyntheticPhoto
{
    public static byte[] Jpeg(int width, int height, int seed = 7)
    {
        var random = new Random(seed);
        var waves = Enumerable.Range(0, 6).Select(_ => (Fx: random.NextDouble() * 0.01, Fy: random.NextDouble() * 0.01, Phase: random.NextDouble() * 6.3)).ToArray();
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(accessor =>
        {
            var noise = new Random(seed + 1);
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    double r = 0, g = 0, b = 0;
                    for (var i = 0; i < waves.Length; i++)
                    {
                        var v = Math.Sin((x * waves[i].Fx) + (y * waves[i].Fy) + waves[i].Phase);
                        r += i % 3 == 0 ? v : v * 0.3;
                        g += i % 3 == 1 ? v : v * 0.3;
                        b += i % 3 == 2 ? v : v * 0.3;
                    }

                    var n = noise.Next(-12, 13);
                    row[x] = new Rgb24(Clamp(128 + (r * 40) + n), Clamp(128 + (g * 40) + n), Clamp(128 + (b * 40) + n));
                }
            }
        });
        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer, new JpegEncoder { Quality = 90 });
        return buffer.ToArray();
    }

    private static byte Clamp(double v) => (byte)Math.Clamp(v, 0, 255);
}
