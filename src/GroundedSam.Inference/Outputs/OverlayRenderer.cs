using System.Runtime.InteropServices;
using GroundedSam.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkiaSharp;

namespace GroundedSam.Inference.Outputs;

/// <summary>
/// The annotated JPEG: each instance's mask tinted in its own colour, its box, and "label score" above it, drawn
/// with SkiaSharp in the DejaVu Sans font shipped inside this assembly, so every machine renders the same labels.
/// The overlay is for people to look at: a photo larger than <see cref="MaxSide"/> is drawn scaled down to it, the one
/// pass over the full-resolution pixels. <see cref="RenderWithPreviews"/> also gives the results viewer its two
/// pictures from those scaled pixels: the photo without annotations (<c>preview.jpg</c>, the base the viewer lays the
/// masks on, the overlay's size) and a thumbnail of the overlay (at most <see cref="ThumbnailMaxSide"/>, the gallery's card).
/// </summary>
public static class OverlayRenderer
{
    /// <summary>
    /// Longest side of the overlay and the preview made here: a screen's worth, not the photo's 12 MP that nobody
    /// reads. Drawn on Grounding DINO's input instead, they are up to <see cref="LongestSide"/> long.
    /// </summary>
    public const int MaxSide = 1280;

    /// <summary>The longest the overlay and the preview can be: Grounding DINO's longest input side.</summary>
    public const int LongestSide = GroundingDino.DinoImageSize.MaxLongSide;

    /// <summary>Longest side of the gallery's thumbnail (<c>thumbnail.jpg</c>): sharp on a 160-pixel card at 2× density.</summary>
    public const int ThumbnailMaxSide = 320;

    private const float MaskOpacity = 0.45f;

    private static readonly SKColor[] Palette =
    [
        new(0xE6, 0x19, 0x4B), new(0x3C, 0xB4, 0x4B), new(0x43, 0x63, 0xD8), new(0xF5, 0x82, 0x31),
        new(0x91, 0x1E, 0xB4), new(0x42, 0xD4, 0xF4), new(0xF0, 0x32, 0xE6), new(0xBF, 0xEF, 0x45),
        new(0xFF, 0xE1, 0x19), new(0x46, 0x99, 0x90), new(0x9A, 0x63, 0x24), new(0x80, 0x00, 0x00),
    ];

    private static readonly Lazy<SKTypeface> Font = new(() =>
    {
        using var stream = typeof(OverlayRenderer).Assembly.GetManifestResourceStream("GroundedSam.Inference.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The DejaVu Sans font is missing from the assembly.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("The DejaVu Sans font could not be read.");
    });

    /// <summary>The overlay, the plain preview and the overlay's thumbnail, as JPEG files.</summary>
    public sealed record Pictures(byte[] Overlay, byte[] Preview, byte[] Thumbnail);

    public static byte[] Render(Image<Rgb24> photo, SegmentationResult result, int quality = 90) => Draw(photo, result, quality, previews: false).Overlay;

    /// <summary>
    /// The overlay and the viewer's preview and thumbnail, drawn from one scaled copy of the photo: <paramref name="downscaled"/>
    /// when the caller has one already (Grounding DINO's input, about 1333×800), else one made here.
    /// </summary>
    /// <param name="downscaled">The photo made smaller, same shape; not disposed here.</param>
    public static Pictures RenderWithPreviews(Image<Rgb24> photo, SegmentationResult result, Image<Rgb24>? downscaled = null) =>
        Draw(photo, result, quality: 90, previews: true, downscaled);

    private static Pictures Draw(Image<Rgb24> photo, SegmentationResult result, int quality, bool previews, Image<Rgb24>? downscaled = null)
    {
        var scale = Math.Min(1f, (float)MaxSide / Math.Max(photo.Width, photo.Height));
        var reuse = downscaled is not null && downscaled.Width < photo.Width && Math.Max(downscaled.Width, downscaled.Height) <= LongestSide;
        using var scaled = scale < 1 && !reuse
            ? photo.Clone(x => x.Resize(Math.Max(1, (int)Math.Round(photo.Width * scale)), Math.Max(1, (int)Math.Round(photo.Height * scale)), KnownResamplers.Box))
            : null;
        var picture = reuse ? downscaled! : scaled ?? photo;
        int width = picture.Width, height = picture.Height;
        // The picture's pixels go straight into the bitmap's own memory, tinted there after the preview is encoded:
        // no managed copy (at 1066×800, a 3.4 MB large object per job).
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var pixmap = bitmap.PeekPixels();
        var stride = pixmap.RowBytes;
        picture.ProcessPixelRows(accessor =>
        {
            var rgba = pixmap.GetPixelSpan<byte>();
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = MemoryMarshal.AsBytes(accessor.GetRowSpan(y));
                var dst = rgba.Slice(y * stride, width * 4);
                for (int x = 0, s = 0, d = 0; x < width; x++, s += 3, d += 4)
                {
                    dst[d] = row[s];
                    dst[d + 1] = row[s + 1];
                    dst[d + 2] = row[s + 2];
                    dst[d + 3] = 255;
                }
            }
        });

        var preview = previews ? Encode(bitmap, quality: 85) : [];
        for (var i = 0; i < result.Instances.Count; i++)
        {
            Tint(pixmap.GetPixelSpan<byte>(), stride, width, height, result.Instances[i].Mask, Palette[i % Palette.Length]);
        }

        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Scale((float)width / photo.Width, (float)height / photo.Height);
            DrawBoxes(canvas, result, Math.Max(photo.Width, photo.Height));
        }

        var thumbnail = previews ? EncodeScaled(bitmap, ThumbnailMaxSide, quality: 80) : [];
        return new Pictures(Encode(bitmap, quality), preview, thumbnail);
    }

    private static byte[] Encode(SKBitmap bitmap, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    // Scaled down (never up) by halving with bilinear filtering while more than twice too large (each halving averages
    // 2×2 pixels, so no detail aliases), then once to the size: cheaper than building a mipmap chain of the picture.
    private static byte[] EncodeScaled(SKBitmap bitmap, int maxSide, int quality)
    {
        var scale = Math.Min(1f, (float)maxSide / Math.Max(bitmap.Width, bitmap.Height));
        if (scale >= 1)
        {
            return Encode(bitmap, quality);
        }

        int width = Math.Max(1, (int)Math.Round(bitmap.Width * scale)), height = Math.Max(1, (int)Math.Round(bitmap.Height * scale));
        var current = bitmap;
        try
        {
            while (current.Width > 2 * width && current.Height > 2 * height)
            {
                current = Resize(current, current.Width / 2, current.Height / 2, bitmap);
            }

            current = Resize(current, width, height, bitmap);
            return Encode(current, quality);
        }
        finally
        {
            if (current != bitmap)
            {
                current.Dispose();
            }
        }
    }

    // A scaled copy of source; disposes source unless it is the caller's original.
    private static SKBitmap Resize(SKBitmap source, int width, int height, SKBitmap original)
    {
        var scaled = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
            ?? throw new InvalidOperationException($"SkiaSharp could not scale a {source.Width}×{source.Height} picture to {width}×{height}.");
        if (source != original)
        {
            source.Dispose();
        }

        return scaled;
    }

    // The mask is sampled at each overlay pixel's centre (nearest neighbour) when the overlay is scaled down.
    private static void Tint(Span<byte> rgba, int stride, int width, int height, BinaryMask mask, SKColor color)
    {
        var r = color.Red * MaskOpacity;
        var g = color.Green * MaskOpacity;
        var b = color.Blue * MaskOpacity;
        const float keep = 1 - MaskOpacity;
        var columns = new int[width];
        for (var x = 0; x < width; x++)
        {
            columns[x] = Math.Min(mask.Width - 1, (int)((x + 0.5f) * mask.Width / width));
        }

        for (var y = 0; y < height; y++)
        {
            var row = mask.Pixels.AsSpan(Math.Min(mask.Height - 1, (int)((y + 0.5f) * mask.Height / height)) * mask.Width, mask.Width);
            for (int x = 0, d = y * stride; x < width; x++, d += 4)
            {
                if (row[columns[x]] != 0)
                {
                    rgba[d] = (byte)((rgba[d] * keep) + r);
                    rgba[d + 1] = (byte)((rgba[d + 1] * keep) + g);
                    rgba[d + 2] = (byte)((rgba[d + 2] * keep) + b);
                }
            }
        }
    }

    /// <summary>
    /// Where a label of <paramref name="width"/> × <paramref name="height"/> goes: above its box's top-left corner, or
    /// just inside the box when there is no room above, moved left and up as far as needed to stay inside the photo.
    /// </summary>
    internal static SKRect LabelRect(Detections.Box box, float width, float height, int photoWidth, int photoHeight)
    {
        var top = box.Y1 - height >= 0 ? box.Y1 - height : box.Y1;
        var left = Math.Clamp(box.X1, 0, Math.Max(0, photoWidth - width));
        top = Math.Clamp(top, 0, Math.Max(0, photoHeight - height));
        return SKRect.Create(left, top, width, height);
    }

    private static void DrawBoxes(SKCanvas canvas, SegmentationResult result, int longSide)
    {
        var stroke = Math.Max(2f, longSide / 400f);
        using var font = new SKFont(Font.Value, Math.Max(12f, longSide / 60f));
        using var boxPaint = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = stroke, IsAntialias = true };
        using var fillPaint = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        using var textPaint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        for (var i = 0; i < result.Instances.Count; i++)
        {
            var instance = result.Instances[i];
            var color = Palette[i % Palette.Length];
            // Clipped here too: the reference preset reports boxes as decoded, possibly reaching past the photo.
            var box = instance.Detection.Box.ClipTo(result.Width, result.Height);
            boxPaint.Color = color;
            canvas.DrawRect(SKRect.Create(box.X1, box.Y1, box.Width, box.Height), boxPaint);

            var text = $"{instance.InstanceId} {instance.Detection.DetectorScore:0.00}";

            // A label wider than the photo is drawn smaller; every label is moved inside the photo, never cut.
            using var labelFont = new SKFont(Font.Value, font.Size);
            var width = labelFont.MeasureText(text) + (2 * stroke);
            if (width > result.Width)
            {
                labelFont.Size = Math.Max(4f, labelFont.Size * (result.Width - (2 * stroke)) / (width - (2 * stroke)));
                width = labelFont.MeasureText(text) + (2 * stroke);
            }

            var metrics = labelFont.Metrics;
            var label = LabelRect(box, width, metrics.Descent - metrics.Ascent, result.Width, result.Height);
            fillPaint.Color = color;
            canvas.DrawRect(label, fillPaint);
            canvas.DrawText(text, label.Left + stroke, label.Top - metrics.Ascent, SKTextAlign.Left, labelFont, textPaint);
        }
    }
}
