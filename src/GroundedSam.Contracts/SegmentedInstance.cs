namespace GroundedSam.Contracts;

/// <summary>One object found in a photo.</summary>
public sealed record SegmentedInstance
{
    /// <summary>Unique within the job: the label's key and its rank by detector score, e.g. <c>monitor-2</c>.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The category as written in the prompt, e.g. <c>monitor</c>.</summary>
    public required string Label { get; init; }

    /// <summary>Grounding DINO's confidence (best token probability), in [0, 1].</summary>
    public required float DetectorScore { get; init; }

    /// <summary>SAM 2's predicted IoU of the mask, in [0, 1].</summary>
    public required float MaskScore { get; init; }

    /// <summary>Box as [x1, y1, x2, y2] in original-image pixels (after EXIF orientation), clipped to the image (as decoded under the reference preset).</summary>
    public required IReadOnlyList<float> Box { get; init; }

    /// <summary>The instance's mask: 8-bit PNG, 0 outside, 255 inside, the photo's size.</summary>
    public required ObjectRef Mask { get; init; }

    /// <summary>Pixels inside the mask.</summary>
    public required long Area { get; init; }
}
