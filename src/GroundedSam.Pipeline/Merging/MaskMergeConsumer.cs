using GroundedSam.Contracts;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Pipeline.Telemetry;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GroundedSam.Pipeline.Merging;

/// <summary>
/// The merge stage on the bus: each delivery of an <see cref="ImageSegmented"/> runs <see cref="MergeJob"/> under the
/// <see cref="DeliveryGuard"/> and publishes its <see cref="InpaintReady"/>. A message it refuses ends in
/// <see cref="SegmentationFailed"/> instead, so every job still ends; a storage failure throws and is retried. Either
/// way the job's <see cref="JobOutcome"/> is written before the event; a job of a cancelled batch ends here unmerged.
/// </summary>
public sealed partial class MaskMergeConsumer(MergeJob merging, IOptions<MergeStageOptions> limits, DeliveryGuard guard, BatchCancellation cancellation,
    JobOutcomes outcomes, TimeProvider time, PipelineMetrics metrics, ILogger<MaskMergeConsumer> logger) : IConsumer<ImageSegmented>
{
    public async Task Consume(ConsumeContext<ImageSegmented> context)
    {
        var job = context.Message;
        PipelineTracing.TagJob(job.JobId, job.BatchId);
        try
        {
            await cancellation.ThrowIfCancelledAsync(job.BatchId, job.SubmittedAt, context.CancellationToken);
            await guard.RunAsync(context, job.JobId, Stage, limits.Value.ConcurrentJobs, limits.Value.MaxIsolatedRuns,
                async () =>
                {
                    var started = time.GetTimestamp();
                    var ready = await merging.RunAsync(job, context.CancellationToken);
                    await outcomes.SucceededAsync(job, ready, time.GetElapsedTime(started), context.CancellationToken);
                    await context.Publish(ready);
                    metrics.JobEnded(Stage, reason: null);
                    LogMerged(logger, job.JobId, ready.InstanceCount, ready.Coverage);
                });
        }
        catch (JobRejectedException ex)
        {
            LogRejected(logger, job.JobId, ex.Reason, ex.Message);
            PipelineTracing.Failed(ex.Reason.ToString(), ex.Message);
            var failed = ex.ToEvent(job.JobId, job.BatchId, job.Image, time.GetUtcNow());
            await outcomes.FailedAsync(failed, Stage, job.SubmittedAt, context.CancellationToken);
            await context.Publish(failed);
            metrics.JobEnded(Stage, ex.Reason);
        }
    }

    private const string Stage = PipelineMetrics.MergeStage;

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} merged {InstanceCount} instance(s), coverage {Coverage:P1}")]
    private static partial void LogMerged(ILogger logger, Guid jobId, int instanceCount, double coverage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} refused by the merge stage: {Reason}: {Detail}")]
    private static partial void LogRejected(ILogger logger, Guid jobId, FailureReason reason, string detail);
}
