using System.Buffers.Binary;
using System.Diagnostics;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Tests.Imaging;

public sealed class PhotoDecoderTests
{
    private readonly PhotoDecoder _decoder = new();

    [Fact]
    public void Decode_ZeroBytes_IsUnreadable()
    {
        var ex = Reject([], ImageProblem.Unreadable);

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Upload the photo again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TextFile_IsUnreadable()
    {
        // What a "photo.jpg" holding the text "hello" gives: the decoder sees bytes, never the name.
        var ex = Reject("hello"u8.ToArray(), ImageProblem.Unreadable);

        Assert.Contains("not an image", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Check that the right file was uploaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_JpegCutToHalf_IsUnreadable()
    {
        // ImageSharp 2.1.13 itself decodes this without an error, the missing half black; PhotoDecoder checks for the
        // end-of-image marker.
        var jpeg = Photos.Jpeg(640, 480);

        var ex = Reject(jpeg[..(jpeg.Length / 2)], ImageProblem.Unreadable);

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Upload the photo again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TruncatedJpegWithEndMarkerInAnEarlierSegment_IsUnreadable()
    {
        // A comment segment before the scan holding the bytes FF D9 (as an EXIF thumbnail does) must not count as the
        // file's end: segments are skipped by their lengths.
        var jpeg = Photos.Jpeg(64, 48);
        byte[] comment = [0xFF, 0xFE, 0x00, 0x06, 0xFF, 0xD9, 0xFF, 0xD9];
        byte[] withComment = [.. jpeg[..2], .. comment, .. jpeg[2..]];

        using (var complete = _decoder.Decode(withComment))
        {
            Assert.Equal((64, 48), (complete.Width, complete.Height));
        }

        Reject(withComment[..^100], ImageProblem.Unreadable);
    }

    [Fact]
    public void Decode_JpegWithBytesAfterTheEnd_IsAccepted()
    {
        // Some phones append data after the end-of-image marker; the image itself is complete.
        byte[] jpeg = [.. Photos.Jpeg(64, 48), .. new byte[300]];

        using var image = _decoder.Decode(jpeg);

        Assert.Equal((64, 48), (image.Width, image.Height));
    }

    [Fact]
    public void Decode_PngCutToHalf_IsUnreadable()
    {
        using var source = Photos.Gradient(64, 48);
        var png = Photos.Png(source);

        var ex = Reject(png[..(png.Length / 2)], ImageProblem.Unreadable);

        Assert.Contains("Upload the photo again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WebpCutToHalf_IsUnreadable()
    {
        // Like JPEG, ImageSharp 2.1.13 decodes a cut WebP without an error; the RIFF size gives it away.
        using var source = Photos.Gradient(64, 48);
        var webp = Webp(source, WebpFileFormatType.Lossy);

        var ex = Reject(webp[..(webp.Length / 2)], ImageProblem.Unreadable);

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_PngHeaderClaimingTenGigapixels_IsTooLargeBeforeAnyAllocation()
    {
        // A valid signature, an IHDR of 100000×100000 RGB and IEND: 10^10 pixels, 30 GB decoded. The header check
        // must refuse it at once.
        var png = HugePngHeader(100_000, 100_000);
        var clock = Stopwatch.StartNew();

        var ex = Reject(png, ImageProblem.TooLarge);

        Assert.True(clock.ElapsedMilliseconds < 2000, $"took {clock.ElapsedMilliseconds} ms");
        Assert.Contains("100000×100000", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Downscale", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_GifImage_IsUnsupportedFormatNamingGif()
    {
        using var image = Photos.Gradient(32, 24);
        using var buffer = new MemoryStream();
        image.SaveAsGif(buffer, new GifEncoder());

        var ex = Reject(buffer.ToArray(), ImageProblem.UnsupportedFormat);

        Assert.Contains("GIF", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Convert the photo to JPEG, PNG or WebP", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BmpImage_IsUnsupportedFormat()
    {
        using var image = Photos.Gradient(32, 24);
        using var buffer = new MemoryStream();
        image.SaveAsBmp(buffer, new BmpEncoder());

        var ex = Reject(buffer.ToArray(), ImageProblem.UnsupportedFormat);

        Assert.Contains("BMP", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_FileLargerThanMaxBytes_IsTooLarge()
    {
        var jpeg = Photos.Jpeg(64, 48);
        var decoder = new PhotoDecoder(new ImageLimits { MaxBytes = jpeg.Length - 1 });

        var ex = Assert.Throws<ImageRejectedException>(() => decoder.Decode(jpeg));

        Assert.Equal(ImageProblem.TooLarge, ex.Problem);
        Assert.Contains("Re-encode the photo smaller", ex.Message, StringComparison.Ordinal);
        using var accepted = new PhotoDecoder(new ImageLimits { MaxBytes = jpeg.Length }).Decode(jpeg);
    }

    [Fact]
    public void Decode_MorePixelsThanMaxPixels_IsTooLarge()
    {
        var decoder = new PhotoDecoder(new ImageLimits { MaxPixels = (64 * 48) - 1 });

        var ex = Assert.Throws<ImageRejectedException>(() => decoder.Decode(Photos.Jpeg(64, 48)));

        Assert.Equal(ImageProblem.TooLarge, ex.Problem);
        Assert.Contains("64×48", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ExifOrientationSix_IsRotatedUpright()
    {
        // Stored 40×20, left half red and right half blue, with orientation 6 ("rotate 90° clockwise to display"):
        // upright it is 20×40 with the stored left column on top, so red above blue.
        using var stored = new Image<Rgb24>(40, 20);
        stored.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                row[..20].Fill(new Rgb24(255, 0, 0));
                row[20..].Fill(new Rgb24(0, 0, 255));
            }
        });
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        using var buffer = new MemoryStream();
        stored.SaveAsJpeg(buffer, new JpegEncoder { Quality = 95 });

        using var image = _decoder.Decode(buffer.ToArray());

        Assert.Equal((20, 40), (image.Width, image.Height));
        Assert.True(image[10, 5].R > 200 && image[10, 5].B < 60, $"top {image[10, 5]}");
        Assert.True(image[10, 35].B > 200 && image[10, 35].R < 60, $"bottom {image[10, 35]}");
    }

    [Fact]
    public void Decode_GrayscalePng_IsGrayRgb()
    {
        using var source = new Image<L8>(30, 20, new L8(77));

        using var image = _decoder.Decode(Photos.Png(source, new PngEncoder { ColorType = PngColorType.Grayscale }));

        Assert.Equal((30, 20), (image.Width, image.Height));
        Assert.Equal(new Rgb24(77, 77, 77), image[29, 19]);
    }

    [Fact]
    public void Decode_SixteenBitRgbaPng_IsScaledToEightBits()
    {
        // 32896 = 128·257 is exactly 128 in eight bits; 65535 is 255.
        using var source = new Image<Rgba64>(30, 20, new Rgba64(65535, 32896, 0, 65535));
        var encoder = new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.RgbWithAlpha };

        using var image = _decoder.Decode(Photos.Png(source, encoder));

        Assert.Equal((30, 20), (image.Width, image.Height));
        Assert.Equal(new Rgb24(255, 128, 0), image[15, 10]);
    }

    [Fact]
    public void Decode_PngWithAlpha_DropsAlphaKeepingColour()
    {
        // PIL's convert("RGB") drops the alpha channel without compositing, so a fully transparent pixel keeps its RGB.
        using var source = new Image<Rgba32>(30, 20, new Rgba32(200, 100, 50, 0));
        var encoder = new PngEncoder { ColorType = PngColorType.RgbWithAlpha };

        using var image = _decoder.Decode(Photos.Png(source, encoder));

        Assert.Equal((30, 20), (image.Width, image.Height));
        Assert.Equal(new Rgb24(200, 100, 50), image[0, 0]);
    }

    [Fact]
    public void Decode_LosslessWebp_GivesTheSamePixels()
    {
        using var source = Photos.Gradient(33, 17);
        var webp = Webp(source, WebpFileFormatType.Lossless);

        using var image = _decoder.Decode(webp);

        Assert.Equal((33, 17), (image.Width, image.Height));
        Assert.Equal(source[0, 0], image[0, 0]);
        Assert.Equal(source[32, 16], image[32, 16]);
        Assert.Equal(source[20, 9], image[20, 9]);
    }

    [Fact]
    public void Decode_LossyWebp_HasTheRightSize()
    {
        using var source = Photos.Gradient(64, 48);

        using var image = _decoder.Decode(Webp(source, WebpFileFormatType.Lossy));

        Assert.Equal((64, 48), (image.Width, image.Height));
    }

    [Fact]
    public void Decode_CmykJpeg_IsConvertedToRgb()
    {
        // Data/cmyk.jpg: ImageMagick's red-to-blue vertical gradient saved as an Adobe CMYK JPEG (see Data/README.md).
        var cmyk = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "cmyk.jpg"));

        using var image = _decoder.Decode(cmyk);

        Assert.Equal((64, 48), (image.Width, image.Height));
        Assert.True(image[32, 1].R > 200 && image[32, 1].B < 60, $"top {image[32, 1]}");
        Assert.True(image[32, 46].B > 200 && image[32, 46].R < 60, $"bottom {image[32, 46]}");
    }

    [Fact]
    public void Inspect_Jpeg_ReadsSizeAndFormatFromTheHeader()
    {
        Assert.Equal(new ImageHeader("JPEG", 640, 480, 1), _decoder.Inspect(Photos.Jpeg(640, 480)));
    }

    private ImageRejectedException Reject(byte[] data, ImageProblem problem)
    {
        var ex = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(data));
        Assert.Equal(problem, ex.Problem);
        return ex;
    }

    private static byte[] Webp(Image<Rgb24> image, WebpFileFormatType type)
    {
        using var buffer = new MemoryStream();
        image.SaveAsWebp(buffer, new WebpEncoder { FileFormat = type });
        return buffer.ToArray();
    }

    private static byte[] HugePngHeader(uint width, uint height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB; compression, filter and interlace 0
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR"u8, ihdr);
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32([.. type, .. data]));
        png.Write(word);
    }

    // The PNG CRC: CRC-32 (reflected polynomial 0xEDB88320) over the chunk type and data.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
