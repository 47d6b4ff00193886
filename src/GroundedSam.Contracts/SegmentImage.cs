namespace GroundedSam.Contracts;

/// <summary>
/// Command: segment one photo. Sent by a producer (<c>gsam submit</c>, or any AMQP client as raw JSON) to the
/// <c>segment-image</c> queue. Outputs go to keys derived from <see cref="JobId"/>, so a redelivery rewrites them.
/// </summary>
public sealed record SegmentImage
{
    /// <summary>Identifies this job and its outputs (<c>jobs/{JobId}/…</c>); reuse it to retry the same job.</summary>
    public required Guid JobId { get; init; }

    /// <summary>Groups the jobs submitted together; every event of the job carries it.</summary>
    public required Guid BatchId { get; init; }

    /// <summary>The photo: JPEG, PNG or WebP.</summary>
    public required ObjectRef Image { get; init; }

    /// <summary>Objects to find, separated by dots, e.g. <c>monitor. keyboard. mouse.</c>; at most 2048 characters and 256 tokens.</summary>
    public required string Prompt { get; init; }

    /// <summary>Grounding DINO box threshold in [0, 1]. Default 0.35.</summary>
    public float? BoxThreshold { get; init; }

    /// <summary>Grounding DINO text threshold in [0, 1]. Default 0.25.</summary>
    public float? TextThreshold { get; init; }

    /// <summary>Filters, merging and suppression applied to the boxes. Default: see <see cref="Contracts.DetectionPolicy"/>.</summary>
    public DetectionPolicy? Detection { get; init; }

    /// <summary>
    /// The reference preset: every departure from the Grounded-SAM-2 local demo off, for a 1:1 comparison (the photo
    /// read as stored without EXIF orientation, every box above the box threshold kept, named by the reference's
    /// phrase and reported unclipped, no filter, merge or suppression). A <see cref="Detection"/> policy that turns a
    /// departure on is refused (<see cref="FailureReason.InvalidOptions"/>). Default false.
    /// </summary>
    public bool? Reference { get; init; }

    /// <summary>How the merge stage builds the inpainting mask; carried through to it unchanged.</summary>
    public MergePolicy? Merge { get; init; }

    /// <summary>When the producer submitted the job (ISO-8601 with offset on the wire).</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
}
