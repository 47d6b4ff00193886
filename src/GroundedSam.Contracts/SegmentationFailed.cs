namespace GroundedSam.Contracts;

/// <summary>Event: a job ended without masks, for a reason that retrying will not change.</summary>
public sealed record SegmentationFailed
{
    /// <summary>The job, as in <see cref="SegmentImage.JobId"/>.</summary>
    public required Guid JobId { get; init; }

    /// <summary>The batch, as in <see cref="SegmentImage.BatchId"/>.</summary>
    public required Guid BatchId { get; init; }

    /// <summary>The photo of the job.</summary>
    public required ObjectRef Image { get; init; }

    /// <summary>Machine-readable reason.</summary>
    public required FailureReason Reason { get; init; }

    /// <summary>What went wrong and what to do, for people.</summary>
    public required string Detail { get; init; }

    /// <summary>When the job failed.</summary>
    public required DateTimeOffset FailedAt { get; init; }
}
