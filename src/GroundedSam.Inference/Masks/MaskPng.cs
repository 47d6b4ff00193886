using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Masks;

/// <summary>Masks as 8-bit grayscale PNG, 0 and 255, the format diffusers' inpainting pipelines read.</summary>
public static class MaskPng
{
    // Masks are long runs of one value: the "Up" filter makes repeated rows all zeros, so the fastest deflate
    // level already compresses them well, and adaptive filtering would cost five trial encodings per row.
    private static readonly PngEncoder Encoder = new()
    {
        ColorType = PngColorType.Grayscale,
        BitDepth = PngBitDepth.Bit8,
        FilterMethod = PngFilterMethod.Up,
        CompressionLevel = PngCompressionLevel.BestSpeed,
    };

    public static void Write(BinaryMask mask, Stream destination)
    {
        using var image = Image.WrapMemory<L8>(Configuration.Default, mask.Pixels.AsMemory(), mask.Width, mask.Height);
        image.SaveAsPng(destination, Encoder);
    }

    public static byte[] Encode(BinaryMask mask)
    {
        using var buffer = new MemoryStream();
        Write(mask, buffer);
        return buffer.ToArray();
    }

    /// <summary>Reads a mask PNG back; any non-zero gray value counts as inside.</summary>
    public static BinaryMask Read(Stream source)
    {
        using var image = Image.Load<L8>(source);
        var pixels = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = pixels[i] == 0 ? (byte)0 : BinaryMask.On;
        }

        return new BinaryMask(image.Width, image.Height, pixels);
    }
}
