using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace GroundedSam.Inference.Imaging;

/// <summary>
/// Turns untrusted bytes into an upright RGB image, or a clear <see cref="ImageRejectedException"/>. Only the JPEG,
/// PNG and WebP decoders are registered; the format and the dimensions are read from the header (Identify) and
/// checked against <see cref="ImageLimits"/> before any pixel buffer exists; EXIF orientation is applied, and alpha
/// is dropped as PIL's <c>convert("RGB")</c> does (spec §1.4).
/// </summary>
public sealed class PhotoDecoder
{
    private static readonly Configuration DetectAll = Configuration.Default;
    private readonly Configuration _decoders;
    private readonly ImageLimits _limits;

    public PhotoDecoder(ImageLimits? limits = null)
    {
        _limits = limits ?? new ImageLimits();
        _decoders = new Configuration(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule());
    }

    public ImageLimits Limits => _limits;

    /// <summary>Checks format, size and that the file is whole, without decoding pixels. Throws <see cref="ImageRejectedException"/>.</summary>
    public (int Width, int Height, string Format) Inspect(byte[] data)
    {
        if (data.Length == 0)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable, "The file is empty (0 bytes). Upload the photo again.");
        }

        if (data.Length > _limits.MaxBytes)
        {
            throw new ImageRejectedException(ImageProblem.TooLarge,
                $"The file is {data.Length:N0} bytes; the limit is {_limits.MaxBytes:N0}. Re-encode the photo smaller.");
        }

        var format = Image.DetectFormat(DetectAll, data);
        if (format is null)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable,
                "The file is not an image (no JPEG, PNG, WebP, GIF, BMP or TIFF header). Check that the right file was uploaded.");
        }

        var name = format switch
        {
            JpegFormat => "JPEG",
            PngFormat => "PNG",
            WebpFormat => "WebP",
            _ => throw new ImageRejectedException(ImageProblem.UnsupportedFormat,
                $"{format.Name} images are not supported. Convert the photo to JPEG, PNG or WebP."),
        };

        IImageInfo? info;
        try
        {
            info = Image.Identify(_decoders, data, out _);
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable, $"The {name} header is corrupt: {ex.Message}", ex);
        }

        if (info is null || info.Width <= 0 || info.Height <= 0)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable, $"The {name} header is corrupt: it gives no image size.");
        }

        var pixels = (long)info.Width * info.Height;
        if (pixels > _limits.MaxPixels)
        {
            throw new ImageRejectedException(ImageProblem.TooLarge,
                $"The image is {info.Width}×{info.Height} ({pixels / 1e6:0.#} MP); the limit is {_limits.MaxPixels / 1e6:0.#} MP. Downscale it before uploading.");
        }

        var complete = format switch
        {
            JpegFormat => FileCompleteness.IsCompleteJpeg(data),
            PngFormat => FileCompleteness.IsCompletePng(data),
            _ => FileCompleteness.IsCompleteWebp(data),
        };
        if (!complete)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable,
                $"The {name} file is truncated: its data ends before the image does ({data.Length:N0} bytes). Upload the photo again.");
        }

        return (info.Width, info.Height, name);
    }

    /// <summary>Decodes to upright RGB. Throws <see cref="ImageRejectedException"/> for anything it cannot use.</summary>
    public Image<Rgb24> Decode(byte[] data)
    {
        var (_, _, format) = Inspect(data);
        Image<Rgb24> image;
        try
        {
            image = Image.Load<Rgb24>(_decoders, data);
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidImageContentException or NotSupportedException or InvalidOperationException)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable,
                $"The {format} data is corrupt or truncated: {ex.Message} Upload the photo again.", ex);
        }

        image.Mutate(x => x.AutoOrient());
        return image;
    }
}
