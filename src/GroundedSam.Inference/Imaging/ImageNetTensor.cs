using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace GroundedSam.Inference.Imaging;

/// <summary>
/// An RGB image resized and written as a float CHW tensor, ÷255 and ImageNet mean/std normalised (spec §1.4,
/// §1.7). Resampling is ImageSharp's triangle (bilinear) filter, which widens its support when shrinking, as PIL's
/// and torchvision's antialiased bilinear do.
/// </summary>
public static class ImageNetTensor
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    // (v / 255 - mean) / std for every byte value of every channel.
    private static readonly float[] Lookup = BuildLookup();

    /// <summary>Resizes <paramref name="image"/> to width×height (no resize when equal) and writes 3·H·W floats.</summary>
    public static void Write(Image<Rgb24> image, int width, int height, float[] destination) => WriteKeepingResized(image, width, height, destination)?.Dispose();

    /// <summary>
    /// <see cref="Write"/>, handing back the resized image (the caller's to dispose), or null when there was no resize:
    /// a downscaled copy of the photo that later pictures can start from instead of the full-resolution pixels.
    /// </summary>
    public static Image<Rgb24>? WriteKeepingResized(Image<Rgb24> image, int width, int height, float[] destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 3 * width * height);
        if (image.Width == width && image.Height == height)
        {
            WriteChw(image, destination);
            return null;
        }

        var resized = Resize(image, width, height);
        try
        {
            WriteChw(resized, destination);
            return resized;
        }
        catch
        {
            resized.Dispose();
            throw;
        }
    }

    /// <summary>The resampling both models' inputs go through (the conformance tests compare it with PIL and torch).</summary>
    internal static Image<Rgb24> Resize(Image<Rgb24> image, int width, int height) => image.Clone(x => x.Resize(new ResizeOptions
    {
        Size = new Size(width, height),
        Mode = ResizeMode.Stretch,
        Sampler = KnownResamplers.Triangle,
    }));

    private static void WriteChw(Image<Rgb24> image, float[] destination)
    {
        var plane = image.Width * image.Height;
        image.ProcessPixelRows(accessor =>
        {
            var lut = Lookup;
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                var offset = y * accessor.Width;
                var r = destination.AsSpan(offset, row.Length);
                var g = destination.AsSpan(plane + offset, row.Length);
                var b = destination.AsSpan((2 * plane) + offset, row.Length);
                for (var x = 0; x < row.Length; x++)
                {
                    var p = row[x];
                    r[x] = lut[p.R];
                    g[x] = lut[256 + p.G];
                    b[x] = lut[512 + p.B];
                }
            }
        });
    }

    private static float[] BuildLookup()
    {
        var lut = new float[3 * 256];
        for (var c = 0; c < 3; c++)
        {
            for (var v = 0; v < 256; v++)
            {
                lut[(c * 256) + v] = ((v / 255f) - Mean[c]) / Std[c];
            }
        }

        return lut;
    }
}
