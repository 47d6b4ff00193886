using GroundedSam.Inference.Imaging.Jpeg;
using GroundedSam.Inference.Imaging.Png;
using GroundedSam.Inference.Imaging.Webp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace GroundedSam.Inference.Imaging;

/// <summary>
/// Turns untrusted bytes into an upright RGB image, or a clear <see cref="ImageRejectedException"/>. The file's
/// structure is walked by our own readers first (<see cref="JpegStructure"/>, <see cref="PngStructure"/>,
/// <see cref="WebpStructure"/>): size against <see cref="ImageLimits"/>, every segment inside the file, data that
/// covers the declared image, bounded work. Only then does ImageSharp decode, with only the JPEG, PNG and WebP
/// decoders registered, metadata ignored (no text chunk or EXIF block is ever inflated or walked by it), and an
/// allocation limit. The EXIF orientation, read by <see cref="ExifOrientation"/>, is applied here, and alpha is
/// dropped as PIL's <c>convert("RGB")</c> does (spec §1.4). Whatever the decoder throws on a hostile file is a
/// property of that file, so it becomes <see cref="ImageProblem.Unreadable"/>, never a crash.
/// </summary>
public sealed class PhotoDecoder
{
    /// <summary>Freed pixel memory kept for the next photo: about one decoded 12 MP photo and its resampling buffers.</summary>
    public const int PixelPoolMegabytes = 64;

    private static readonly Configuration DetectAll = Configuration.Default;
    private readonly Configuration _decoders;
    private readonly ImageLimits _limits;

    public PhotoDecoder(ImageLimits? limits = null)
    {
        _limits = limits ?? new ImageLimits();

        // A backstop behind the pixel limit: no single buffer may exceed 8 bytes per allowed pixel. The pool of freed
        // pixel memory kept for the next photo is bounded too: by default ImageSharp keeps up to an eighth of the
        // machine's memory, which a long-running worker fills with buffers of photos long gone.
        var allocationLimit = (int)Math.Clamp((_limits.MaxPixels * 8 / (1024 * 1024)) + 64, 64, int.MaxValue);
        _decoders = new Configuration(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = allocationLimit, MaximumPoolSizeMegabytes = PixelPoolMegabytes }),
        };
        _decoders.ImageFormatsManager.SetDecoder(JpegFormat.Instance, new JpegDecoder { IgnoreMetadata = true });
        _decoders.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        _decoders.ImageFormatsManager.SetDecoder(WebpFormat.Instance, new WebpDecoder { IgnoreMetadata = true });
    }

    public ImageLimits Limits => _limits;

    /// <summary>Checks format, size, structure and completeness without decoding pixels. Throws <see cref="ImageRejectedException"/>.</summary>
    public ImageHeader Inspect(byte[] data)
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

        if (IsoMediaBrand(data) is { } brand)
        {
            throw new ImageRejectedException(ImageProblem.UnsupportedFormat, $"{brand} images are not supported. Convert the photo to JPEG, PNG or WebP.");
        }

        return Image.DetectFormat(DetectAll, data) switch
        {
            JpegFormat => JpegStructure.Read(data, _limits),
            PngFormat => PngStructure.Read(data, _limits),
            WebpFormat => WebpStructure.Read(data, _limits),
            null => throw new ImageRejectedException(ImageProblem.Unreadable,
                "The file is not an image (no JPEG, PNG, WebP, GIF, BMP or TIFF header). Check that the right file was uploaded."),
            var other => throw new ImageRejectedException(ImageProblem.UnsupportedFormat,
                $"{other.Name} images are not supported. Convert the photo to JPEG, PNG or WebP."),
        };
    }

    /// <summary>
    /// Decodes to upright RGB, or as stored when <paramref name="applyOrientation"/> is false (what PIL's
    /// <c>Image.open(...).convert("RGB")</c> gives the reference). Throws <see cref="ImageRejectedException"/> for anything it cannot use.
    /// </summary>
    public Image<Rgb24> Decode(byte[] data, bool applyOrientation = true)
    {
        var header = Inspect(data);
        Image<Rgb24> image;
        try
        {
            image = Image.Load<Rgb24>(_decoders, data);
        }
        catch (InvalidMemoryOperationException ex)
        {
            throw new ImageRejectedException(ImageProblem.TooLarge, $"Decoding the {header.Format} needs more memory than a photo within the limits may use: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ImageRejectedException(ImageProblem.Unreadable,
                $"The {header.Format} data is corrupt: {ex.Message} Upload the photo again.", ex);
        }

        try
        {
            if (image.Width != header.Width || image.Height != header.Height)
            {
                throw new ImageRejectedException(ImageProblem.Unreadable,
                    $"The {header.Format} decodes to {image.Width}×{image.Height}, not the {header.Width}×{header.Height} its header declares.");
            }

            // Where a JPEG's data runs out the decoder leaves one flat colour: only then is the exact (costly) walk worth it.
            if (header.Format == "JPEG" && EndsInOneColour(image))
            {
                JpegStructure.CheckCoverage(data, _limits);
            }

            if (applyOrientation)
            {
                Orient(image, header.Orientation);
            }

            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    // The bottom eight rows (one MCU row at least) all of one colour.
    private static bool EndsInOneColour(Image<Rgb24> image)
    {
        var uniform = true;
        image.ProcessPixelRows(accessor =>
        {
            var first = accessor.GetRowSpan(accessor.Height - 1)[0];
            for (var y = Math.Max(0, accessor.Height - 8); y < accessor.Height && uniform; y++)
            {
                uniform = accessor.GetRowSpan(y).IndexOfAnyExcept(first) < 0;
            }
        });
        return uniform;
    }

    // EXIF orientation to upright (the same transforms as ImageSharp's AutoOrient and PIL's exif_transpose).
    private static void Orient(Image<Rgb24> image, int orientation)
    {
        switch (orientation)
        {
            case 2: image.Mutate(x => x.Flip(FlipMode.Horizontal)); break;
            case 3: image.Mutate(x => x.Rotate(RotateMode.Rotate180)); break;
            case 4: image.Mutate(x => x.Flip(FlipMode.Vertical)); break;
            case 5: image.Mutate(x => x.Rotate(RotateMode.Rotate90).Flip(FlipMode.Horizontal)); break;
            case 6: image.Mutate(x => x.Rotate(RotateMode.Rotate90)); break;
            case 7: image.Mutate(x => x.Rotate(RotateMode.Rotate90).Flip(FlipMode.Vertical)); break;
            case 8: image.Mutate(x => x.Rotate(RotateMode.Rotate270)); break;
        }
    }

    // HEIC and AVIF are ISO media files ("ftyp" box with an image brand); ImageSharp does not know them.
    private static string? IsoMediaBrand(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12 || !data.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return null;
        }

        var brand = data.Slice(8, 4);
        return brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8) ? "AVIF"
            : brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8) || brand.SequenceEqual("hevc"u8) ? "HEIC"
            : null;
    }
}
