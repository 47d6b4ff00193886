using System.Text.Json;
using GroundedSam.Contracts;
using GroundedSam.Storage;
using MassTransit;

namespace GroundedSam.Pipeline.Outcomes;

/// <summary>Writes and reads <see cref="JobOutcome"/>s at <c>jobs/{jobId}/outcome.json</c>.</summary>
public sealed class JobOutcomes(IObjectStore store, StorageLayout layout)
{
    /// <summary>The merge stage published the job's <paramref name="ready"/>.</summary>
    public Task SucceededAsync(ImageSegmented job, InpaintReady ready, TimeSpan merge, CancellationToken cancellationToken)
    {
        var t = job.Timings;
        var segmentation = t.DownloadMs + t.DecodeMs + t.PreprocessMs + t.QueueMs + t.DetectMs + t.SegmentMs + t.PostprocessMs + t.UploadMs;
        return WriteAsync(new JobOutcome
        {
            JobId = job.JobId,
            BatchId = job.BatchId,
            Image = job.Image,
            State = JobState.Succeeded,
            SubmittedAt = job.SubmittedAt,
            FinishedAt = ready.ReadyAt,
            Stage = Telemetry.PipelineMetrics.MergeStage,
            Mask = ready.Mask,
            InstanceCount = ready.InstanceCount,
            Coverage = ready.Coverage,
            ProcessingMs = segmentation + merge.TotalMilliseconds,
        }, cancellationToken);
    }

    /// <summary>A stage ended the job with <paramref name="failed"/>.</summary>
    public Task FailedAsync(SegmentationFailed failed, string stage, DateTimeOffset? submittedAt, CancellationToken cancellationToken) =>
        WriteAsync(new JobOutcome
        {
            JobId = failed.JobId,
            BatchId = failed.BatchId,
            Image = failed.Image,
            State = JobState.Failed,
            SubmittedAt = submittedAt,
            FinishedAt = failed.FailedAt,
            Stage = stage,
            Reason = failed.Reason,
            Detail = JobOutcome.Cut(failed.Detail),
        }, cancellationToken);

    /// <summary>
    /// A stage gave up on the job after its retries (MassTransit's <paramref name="fault"/>). A dead letter does not
    /// replace a final outcome of the same submission (faults arrive late, or forged), unless the stage that wrote that
    /// outcome faulted after writing it: its event was then never sent (an outbox that could not publish).
    /// </summary>
    public async Task DeadLetteredAsync(Guid jobId, Guid batchId, ObjectRef? image, DateTimeOffset? submittedAt, string stage, Fault fault,
        CancellationToken cancellationToken)
    {
        if (await TryReadAsync(jobId, cancellationToken) is { State: JobState.Succeeded or JobState.Failed } final && final.IsCurrentFor(submittedAt) &&
            !(final.Stage == stage && fault.Timestamp > final.FinishedAt))
        {
            return;
        }

        var exception = fault.Exceptions?.FirstOrDefault();
        await WriteAsync(new JobOutcome
        {
            JobId = jobId,
            BatchId = batchId,
            Image = image ?? new ObjectRef { Bucket = string.Empty, Key = string.Empty },
            State = JobState.DeadLettered,
            SubmittedAt = submittedAt,
            FinishedAt = fault.Timestamp,
            Stage = stage,
            ExceptionType = JobOutcome.Cut(exception?.ExceptionType),
            Detail = JobOutcome.Cut(exception?.Message),
        }, cancellationToken);
    }

    /// <summary>The job's outcome, or null when it has none.</summary>
    /// <exception cref="InvalidDataException">Something other than an outcome of this job is stored in its place.</exception>
    public async Task<JobOutcome?> ReadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var key = layout.JobOutcome(jobId);
        byte[] json;
        try
        {
            json = await store.ReadBytesAsync(key, JobOutcome.MaxBytes, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        catch (ObjectTooLargeException ex)
        {
            throw new InvalidDataException($"{key.Key} is over the {JobOutcome.MaxBytes:N0}-byte limit of an outcome.", ex);
        }

        try
        {
            return JobOutcome.Parse(json, jobId);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{key.Key} is not an outcome of job {jobId}: {ex.Message}", ex);
        }
    }

    private async Task<JobOutcome?> TryReadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(jobId, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private Task WriteAsync(JobOutcome outcome, CancellationToken cancellationToken)
    {
        var json = outcome.ToJson();
        return store.PutAsync(layout.JobOutcome(outcome.JobId), new MemoryStream(json), json.Length, "application/json", cancellationToken);
    }
}
