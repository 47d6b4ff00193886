using GroundedSam.Pipeline.Delivery;
using System.Diagnostics;
using GroundedSam.Contracts;
using GroundedSam.Inference.Outputs;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ContractTimings = GroundedSam.Contracts.StageTimings;

namespace GroundedSam.Segmentation;

/// <summary>
/// The segmentation stage: check the job (<see cref="SegmentInput"/>), download the photo, run Grounding DINO and
/// SAM 2, replace the job's per-instance and per-label masks, detections.json and overlay under <c>jobs/{JobId}/</c>
/// (<see cref="JobArtifacts"/>), publish <see cref="ImageSegmented"/>. A job that cannot succeed publishes
/// <see cref="SegmentationFailed"/> and is done; a storage or broker failure throws and is retried.
/// </summary>
public sealed partial class SegmentImageConsumer(
    SegmentationEngine engine,
    DeliveryGuard guard,
    IObjectStore store,
    StorageLayout layout,
    IOptions<SegmentationOptions> options,
    TimeProvider time,
    ILogger<SegmentImageConsumer> logger) : IConsumer<SegmentImage>
{
    public async Task Consume(ConsumeContext<SegmentImage> context)
    {
        var job = context.Message;
        try
        {
            await guard.RunAsync(context.ReceiveContext, job.JobId, Stage, options.Value.ConcurrentJobs, options.Value.MaxIsolatedRuns,
                () => SegmentAsync(context, job), context.CancellationToken);
        }
        catch (JobRejectedException ex)
        {
            LogRejected(logger, job.JobId, job.Image?.Key, ex.Reason, ex.Message);
            await context.Publish(ex.ToEvent(job.JobId, job.BatchId, job.Image, time.GetUtcNow()));
        }
    }

    private const string Stage = "segmentation";

    private async Task SegmentAsync(ConsumeContext<SegmentImage> context, SegmentImage job)
    {
        var cancellationToken = context.CancellationToken;
        var request = SegmentInput.Check(job, layout, options.Value);
        var (photo, download) = await PhotoDownload.ReadAsync(store, job.Image, options.Value.MaxImageBytes, cancellationToken);

        using var outcome = await engine.RunAsync(photo, request, cancellationToken);
        var result = outcome.Result;
        var clock = Stopwatch.StartNew();
        var artifacts = await Task.Run(() => SegmentationEngine.Permanent(() => SegmentationArtifacts.Build(outcome.Photo.Image, result, merge: null, job.Image.Key)), cancellationToken);
        var encode = clock.Elapsed;

        clock.Restart();
        await JobArtifacts.ReplaceAsync(store, layout, job.JobId, artifacts, cancellationToken);
        var upload = clock.Elapsed;

        var t = result.Timings;
        var timings = new ContractTimings
        {
            DownloadMs = download.TotalMilliseconds,
            DecodeMs = t.Decode.TotalMilliseconds,
            PreprocessMs = t.Preprocess.TotalMilliseconds,
            QueueMs = outcome.QueueTime.TotalMilliseconds,
            DetectMs = t.Detect.TotalMilliseconds,
            SegmentMs = t.Segment.TotalMilliseconds,
            PostprocessMs = (t.Postprocess + encode).TotalMilliseconds,
            UploadMs = upload.TotalMilliseconds,
        };
        await context.Publish(ImageSegmentedMapping.From(job, result, layout, engine.Models, timings, time.GetUtcNow()));
        LogSegmented(logger, job.JobId, job.Image.Key, result.Instances.Count, t.Total.TotalMilliseconds + encode.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} segmented {ImageKey}: {InstanceCount} instance(s) in {ElapsedMs:0} ms")]
    private static partial void LogSegmented(ILogger logger, Guid jobId, string imageKey, int instanceCount, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed for good on {ImageKey}: {Reason}: {Detail}")]
    private static partial void LogRejected(ILogger logger, Guid jobId, string? imageKey, FailureReason reason, string detail);
}
