using GroundedSam.Contracts;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Pipeline.Telemetry;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GroundedSam.Segmentation;

/// <summary>
/// The segmentation stage on the bus: each delivery of a <see cref="SegmentImage"/> runs <see cref="SegmentationJob"/>
/// under the <see cref="DeliveryGuard"/> and publishes its <see cref="ImageSegmented"/>. A job that cannot succeed
/// publishes <see cref="SegmentationFailed"/> (after writing its <see cref="JobOutcome"/>) and is done; a storage or
/// broker failure throws and is retried. A job of a cancelled batch (<see cref="BatchCancellation"/>) fails before any model runs.
/// </summary>
public sealed partial class SegmentImageConsumer(
    SegmentationJob segmentation,
    DeliveryGuard guard,
    BatchCancellation cancellation,
    JobOutcomes outcomes,
    IOptions<SegmentationOptions> options,
    TimeProvider time,
    PipelineMetrics metrics,
    ILogger<SegmentImageConsumer> logger) : IConsumer<SegmentImage>
{
    private const string Stage = PipelineMetrics.SegmentationStage;

    public async Task Consume(ConsumeContext<SegmentImage> context)
    {
        var job = context.Message;
        PipelineTracing.TagJob(job.JobId, job.BatchId);
        try
        {
            await cancellation.ThrowIfCancelledAsync(job.BatchId, job.SubmittedAt, context.CancellationToken);
            await guard.RunAsync(context, job.JobId, Stage, options.Value.ConcurrentJobs, options.Value.MaxIsolatedRuns, async () =>
            {
                var segmented = await segmentation.RunAsync(job, context.CancellationToken);
                await context.Publish(segmented);
                metrics.JobEnded(Stage, reason: null);
                var t = segmented.Timings;
                LogSegmented(logger, job.JobId, job.Image.Key, segmented.Instances.Count, t.DecodeMs + t.PreprocessMs + t.DetectMs + t.SegmentMs + t.PostprocessMs);
            });
        }
        catch (JobRejectedException ex)
        {
            LogRejected(logger, job.JobId, job.Image?.Key, ex.Reason, ex.Message);
            PipelineTracing.Failed(ex.Reason.ToString(), ex.Message);
            var failed = ex.ToEvent(job.JobId, job.BatchId, job.Image, time.GetUtcNow());
            await outcomes.FailedAsync(failed, Stage, job.SubmittedAt, context.CancellationToken);
            await context.Publish(failed);
            metrics.JobEnded(Stage, ex.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} segmented {ImageKey}: {InstanceCount} instance(s) in {ElapsedMs:0} ms")]
    private static partial void LogSegmented(ILogger logger, Guid jobId, string imageKey, int instanceCount, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed for good on {ImageKey}: {Reason}: {Detail}")]
    private static partial void LogRejected(ILogger logger, Guid jobId, string? imageKey, FailureReason reason, string detail);
}
