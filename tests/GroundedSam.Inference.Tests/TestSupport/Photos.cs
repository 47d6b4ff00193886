using GroundedSam.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>Photos made in memory for tests.</summary>
internal static class Photos
{
    public static Image<Rgb24> Gradient(int width, int height) => SyntheticPhotos.Gradient(width, height);

    public static byte[] Jpeg(int width, int height) => SyntheticPhotos.Jpeg(width, height);

    public static byte[] Png<TPixel>(Image<TPixel> image, PngEncoder? encoder = null)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer, encoder ?? new PngEncoder());
        return buffer.ToArray();
    }
}
