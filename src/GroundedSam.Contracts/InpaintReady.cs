namespace GroundedSam.Contracts;

/// <summary>
/// Event: the inpainting mask of a photo is stored; an SDXL inpainting worker (any language) takes it from here.
/// May repeat for one job (at-least-once delivery): de-duplicate by <see cref="JobId"/>.
/// </summary>
public sealed record InpaintReady
{
    /// <summary>The job, as in <see cref="SegmentImage.JobId"/>.</summary>
    public required Guid JobId { get; init; }

    /// <summary>The batch, as in <see cref="SegmentImage.BatchId"/>.</summary>
    public required Guid BatchId { get; init; }

    /// <summary>The original photo.</summary>
    public required ObjectRef Image { get; init; }

    /// <summary>The merged mask: 8-bit grayscale PNG of the photo's size (white = repaint).</summary>
    public required ObjectRef Mask { get; init; }

    /// <summary>Photo width in pixels, after EXIF orientation (the mask's width).</summary>
    public required int Width { get; init; }

    /// <summary>Photo height in pixels, after EXIF orientation (the mask's height).</summary>
    public required int Height { get; init; }

    /// <summary>Which side of the mask is white.</summary>
    public required MaskPolarity Polarity { get; init; }

    /// <summary>The labels whose instances are in the mask.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>How many instances are in the mask; 0 when nothing was found (the mask is then empty).</summary>
    public required int InstanceCount { get; init; }

    /// <summary>Fraction of the photo's pixels that are objects (after dilation, before polarity), in [0, 1].</summary>
    public required double Coverage { get; init; }

    /// <summary><c>detections.json</c> of the job.</summary>
    public required ObjectRef Detections { get; init; }

    /// <summary>When the mask was stored.</summary>
    public required DateTimeOffset ReadyAt { get; init; }
}
