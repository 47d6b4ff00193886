using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Testing;

/// <summary>Photos made in memory: a gradient with enough detail that every encoder writes real data.</summary>
public static class SyntheticPhotos
{
    public static Image<Rgb24> Gradient(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)((x + y) % 256));
                }
            }
        });
        return image;
    }

    public static byte[] Jpeg(int width, int height, int quality = 90, JpegColorType? colorType = null)
    {
        using var image = Gradient(width, height);
        return Encode(image, new JpegEncoder { Quality = quality, ColorType = colorType });
    }

    /// <summary>A photo of one colour: the tiny models find the same objects on any photo, so most tests need no more.</summary>
    public static byte[] FlatJpeg(int width, int height, Rgb24 colour, int quality = 90)
    {
        using var image = new Image<Rgb24>(width, height, colour);
        return Encode(image, new JpegEncoder { Quality = quality });
    }

    /// <summary><see cref="FlatJpeg"/> written to <paramref name="path"/>, its folder created.</summary>
    public static void WriteFlatJpeg(string path, int width, int height, Rgb24 colour)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, FlatJpeg(width, height, colour));
    }

    public static byte[] Png(int width, int height)
    {
        using var image = Gradient(width, height);
        return Encode(image, new PngEncoder());
    }

    public static byte[] Webp(int width, int height, bool lossless = true)
    {
        using var image = Gradient(width, height);
        return Encode(image, new WebpEncoder { FileFormat = lossless ? WebpFileFormatType.Lossless : WebpFileFormatType.Lossy });
    }

    public static byte[] Encode<TPixel>(Image<TPixel> image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var buffer = new MemoryStream();
        image.Save(buffer, encoder);
        return buffer.ToArray();
    }
}
