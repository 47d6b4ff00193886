using GroundedSam.Contracts;
using GroundedSam.Masks;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GroundedSam.Pipeline.Merging;

/// <summary>
/// The merge stage: the chosen labels' instance masks unioned at full resolution, dilated, feathered and in the
/// chosen polarity, stored as <c>jobs/{JobId}/merged-mask.png</c>, then <see cref="InpaintReady"/>. A photo with no
/// detections still ends here, with an empty mask and an instance count of 0, so nothing downstream waits forever.
/// A message it refuses (<see cref="MergeInput"/>, a mask that is missing, too large or not the job's PNG) ends in
/// <see cref="SegmentationFailed"/> instead, so every job still ends.
/// </summary>
public sealed partial class MaskMergeConsumer(IObjectStore store, StorageLayout layout, IOptions<MergeStageOptions> limits, DeliveryGuard guard,
    TimeProvider time, PipelineMetrics metrics, ILogger<MaskMergeConsumer> logger) : IConsumer<ImageSegmented>
{
    public async Task Consume(ConsumeContext<ImageSegmented> context)
    {
        var job = context.Message;
        PipelineTracing.TagJob(job.JobId, job.BatchId);
        try
        {
            await guard.RunAsync(context.ReceiveContext, job.JobId, Stage, limits.Value.ConcurrentJobs, limits.Value.MaxIsolatedRuns,
                () => MergeAsync(context, job), context.CancellationToken);
        }
        catch (JobRejectedException ex)
        {
            LogRejected(logger, job.JobId, ex.Reason, ex.Message);
            PipelineTracing.Failed(ex.Reason.ToString(), ex.Message);
            await context.Publish(ex.ToEvent(job.JobId, job.BatchId, job.Image, time.GetUtcNow()));
            metrics.JobEnded(Stage, ex.Reason);
        }
    }

    private const string Stage = "merge";

    private async Task MergeAsync(ConsumeContext<ImageSegmented> context, ImageSegmented job)
    {
        var cancellationToken = context.CancellationToken;
        var started = time.GetTimestamp();
        var (options, chosen) = MergeInput.Check(job, layout, limits.Value);
        var masks = new (string Label, BinaryMask Mask)[chosen.Count];
        using (PipelineTracing.StartStep("download")?.SetTag("gsam.masks", chosen.Count))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, chosen.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                masks[i] = (chosen[i].Label, await ReadMaskAsync(job, chosen[i].Mask, ct));
            });
        }

        MergedMask merged;
        byte[] png;
        using (PipelineTracing.StartStep(Stage))
        {
            merged = await Task.Run(() => MaskMerger.Render(job.Width, job.Height, masks, options), cancellationToken);
            png = merged.EncodePng();
        }

        var target = layout.JobFile(job.JobId, JobFiles.MergedMask);
        using (PipelineTracing.StartStep("upload"))
        using (var content = new MemoryStream(png, writable: false))
        {
            await store.PutAsync(target, content, png.Length, "image/png", cancellationToken);
        }

        await context.Publish(new InpaintReady
        {
            JobId = job.JobId,
            BatchId = job.BatchId,
            Image = job.Image,
            Mask = target,
            Width = job.Width,
            Height = job.Height,
            Polarity = options.Polarity,
            Labels = merged.Labels,
            InstanceCount = merged.InstanceCount,
            Coverage = merged.Coverage,
            Detections = job.Detections,
            ReadyAt = time.GetUtcNow(),
        });
        metrics.StageTook(Stage, time.GetElapsedTime(started));
        metrics.JobEnded(Stage, reason: null);
        LogMerged(logger, job.JobId, merged.InstanceCount, merged.Coverage);
    }

    // At most the bytes a mask of the photo's size can take, then our strict PNG reader: a bomb or a photo is refused.
    private async Task<BinaryMask> ReadMaskAsync(ImageSegmented job, ObjectRef mask, CancellationToken cancellationToken)
    {
        try
        {
            var png = await store.ReadBytesAsync(mask, MergeInput.MaxMaskBytes(job), cancellationToken);
            return MaskPng.Read(png, job.Width, job.Height);
        }
        catch (Exception ex) when (ex is ObjectNotFoundException or ObjectTooLargeException or InvalidDataException)
        {
            throw new JobRejectedException(FailureReason.InvalidMessage, $"The mask {mask} cannot be merged: {ex.Message}", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} merged {InstanceCount} instance(s), coverage {Coverage:P1}")]
    private static partial void LogMerged(ILogger logger, Guid jobId, int instanceCount, double coverage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} refused by the merge stage: {Reason}: {Detail}")]
    private static partial void LogRejected(ILogger logger, Guid jobId, FailureReason reason, string detail);
}
