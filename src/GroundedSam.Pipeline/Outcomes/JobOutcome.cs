using System.Text.Json;
using System.Text.Json.Serialization;
using GroundedSam.Contracts;

namespace GroundedSam.Pipeline.Outcomes;

/// <summary>Where a job stands, as <c>gsam status</c> counts it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState
{
    /// <summary>No outcome of this submission yet: queued or running.</summary>
    Pending,

    /// <summary>Its inpainting mask is ready (<see cref="InpaintReady"/> was published).</summary>
    Succeeded,

    /// <summary>It ended in <see cref="SegmentationFailed"/>: see <see cref="JobOutcome.Reason"/>.</summary>
    Failed,

    /// <summary>A stage gave up after its retries and the message is in the stage's <c>_error</c> queue: <c>gsam errors replay</c> sends it back.</summary>
    DeadLettered,
}

/// <summary>
/// <c>jobs/{jobId}/outcome.json</c>: how a job ended, written by the stage that ended it, so that anyone can tell a
/// failed job from a running one after the events are gone. Read back from the store, it is not trusted
/// (<see cref="Parse"/>).
/// </summary>
public sealed record JobOutcome
{
    /// <summary>Largest outcome read; a detail or exception message is cut well below it.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Longest <see cref="Detail"/> kept.</summary>
    public const int MaxDetailLength = 4000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public required Guid JobId { get; init; }

    public required Guid BatchId { get; init; }

    public required ObjectRef Image { get; init; }

    public required JobState State { get; init; }

    /// <summary>The job's <see cref="SegmentImage.SubmittedAt"/>: an outcome of an earlier submission of the same job is older than the batch's.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>The stage that ended the job: <c>segmentation</c> or <c>merge</c>.</summary>
    public required string Stage { get; init; }

    /// <summary>Why it failed (<see cref="JobState.Failed"/>).</summary>
    public FailureReason? Reason { get; init; }

    /// <summary>What went wrong and what to do (failed), or the last exception (dead-lettered).</summary>
    public string? Detail { get; init; }

    /// <summary>The .NET type of the exception that dead-lettered the job.</summary>
    public string? ExceptionType { get; init; }

    /// <summary>The inpainting mask (succeeded).</summary>
    public ObjectRef? Mask { get; init; }

    public int? InstanceCount { get; init; }

    public double? Coverage { get; init; }

    /// <summary>Time spent on the job in both stages, queues not counted (succeeded).</summary>
    public double? ProcessingMs { get; init; }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads an outcome from the store; throws <see cref="JsonException"/> unless it is one, for <paramref name="jobId"/>.</summary>
    public static JobOutcome Parse(ReadOnlySpan<byte> json, Guid jobId)
    {
        var outcome = JsonSerializer.Deserialize<JobOutcome>(json, Json) ?? throw new JsonException("The outcome is empty.");
        if (outcome.JobId != jobId)
        {
            throw new JsonException($"The outcome names job {outcome.JobId}, not {jobId}.");
        }

        if (!Enum.IsDefined(outcome.State) || outcome.Image is null || outcome.Stage is null || (outcome.Reason is { } reason && !Enum.IsDefined(reason)))
        {
            throw new JsonException("The outcome has no image or stage, or an unknown state or reason.");
        }

        return outcome;
    }

    /// <summary>Whether this outcome belongs to a submission made at <paramref name="submittedAt"/> or later (always, when either time is unknown).</summary>
    public bool IsCurrentFor(DateTimeOffset? submittedAt) => SubmittedAt is not { } mine || submittedAt is not { } theirs || mine >= theirs;

    internal static string? Cut(string? text) => text is { Length: > MaxDetailLength } ? text[..MaxDetailLength] + "…" : text;
}
