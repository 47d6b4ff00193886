namespace GroundedSam.Contracts;

/// <summary>Event: a photo was segmented and its per-instance masks are stored. Consumed by the merge stage.</summary>
public sealed record ImageSegmented
{
    /// <summary>The job, as in <see cref="SegmentImage.JobId"/>.</summary>
    public required Guid JobId { get; init; }

    /// <summary>The batch, as in <see cref="SegmentImage.BatchId"/>.</summary>
    public required Guid BatchId { get; init; }

    /// <summary>The photo that was segmented.</summary>
    public required ObjectRef Image { get; init; }

    /// <summary>Photo width in pixels, after EXIF orientation.</summary>
    public required int Width { get; init; }

    /// <summary>Photo height in pixels, after EXIF orientation.</summary>
    public required int Height { get; init; }

    /// <summary>The objects, each label's instances by descending detector score. Empty when nothing was found.</summary>
    public required IReadOnlyList<SegmentedInstance> Instances { get; init; }

    /// <summary>Per-label union masks, by label as written in the prompt (the reference preset's empty label has none).</summary>
    public IReadOnlyDictionary<string, ObjectRef>? LabelMasks { get; init; }

    /// <summary><c>detections.json</c>: the Grounded-SAM-2 schema with COCO RLE masks.</summary>
    public required ObjectRef Detections { get; init; }

    /// <summary>The annotated JPEG (masks, boxes, labels).</summary>
    public required ObjectRef Overlay { get; init; }

    /// <summary>The models that produced it.</summary>
    public required ModelIdentity Models { get; init; }

    /// <summary>Where the time went.</summary>
    public required StageTimings Timings { get; init; }

    /// <summary>The merge policy of the command, carried on to the merge stage.</summary>
    public MergePolicy? Merge { get; init; }

    /// <summary>When segmentation finished.</summary>
    public required DateTimeOffset SegmentedAt { get; init; }

    /// <summary>The command's <see cref="SegmentImage.SubmittedAt"/>, carried on: it tells this submission's outcome from an earlier one's.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
}
