using System.Diagnostics;
using GroundedSam.Contracts;
using GroundedSam.Inference.Outputs;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ContractTimings = GroundedSam.Contracts.StageTimings;
using ContractInstance = GroundedSam.Contracts.SegmentedInstance;

namespace GroundedSam.Pipeline.Segmentation;

/// <summary>
/// The segmentation stage: download the photo, run Grounding DINO and SAM 2, upload the per-instance and per-label
/// masks, detections.json and the overlay under <c>jobs/{JobId}/</c>, publish <see cref="ImageSegmented"/>. A job
/// that cannot succeed publishes <see cref="SegmentationFailed"/> and is done; anything else throws and is retried.
/// </summary>
public sealed partial class SegmentImageConsumer(
    SegmentationEngine engine,
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
            await SegmentAsync(context, job);
        }
        catch (JobRejectedException ex)
        {
            LogRejected(logger, job.JobId, job.Image?.Key, ex.Reason, ex.Message);
            await context.Publish(new SegmentationFailed
            {
                JobId = job.JobId,
                BatchId = job.BatchId,
                Image = job.Image ?? new ObjectRef { Bucket = string.Empty, Key = string.Empty },
                Reason = ex.Reason,
                Detail = ex.Message,
                FailedAt = time.GetUtcNow(),
            });
        }
    }

    private async Task SegmentAsync(ConsumeContext<SegmentImage> context, SegmentImage job)
    {
        var cancellationToken = context.CancellationToken;
        var request = JobOptionsMapping.ToRequest(job);
        var image = await DownloadAsync(job, cancellationToken);

        using var outcome = await engine.RunAsync(image.Bytes, request, cancellationToken);
        var result = outcome.Result;
        var clock = Stopwatch.StartNew();
        var artifacts = await Task.Run(() => SegmentationArtifacts.Build(outcome.Photo.Image, result, merge: null, job.Image.Key), cancellationToken);
        var encode = clock.Elapsed;

        clock.Restart();
        await Parallel.ForEachAsync(artifacts, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (artifact, ct) =>
        {
            using var content = new MemoryStream(artifact.Content, writable: false);
            await store.PutAsync(layout.JobFile(job.JobId, artifact.RelativePath), content, artifact.Content.Length, artifact.ContentType, ct);
        });
        var upload = clock.Elapsed;

        var t = result.Timings;
        await context.Publish(new ImageSegmented
        {
            JobId = job.JobId,
            BatchId = job.BatchId,
            Image = job.Image,
            Width = result.Width,
            Height = result.Height,
            Instances = [.. result.Instances.Select(i => new ContractInstance
            {
                InstanceId = i.InstanceId,
                Label = i.Label,
                DetectorScore = i.Detection.DetectorScore,
                MaskScore = i.MaskScore,
                Box = [i.Detection.Box.X1, i.Detection.Box.Y1, i.Detection.Box.X2, i.Detection.Box.Y2],
                Mask = layout.JobFile(job.JobId, SegmentationArtifacts.InstanceMask(i.InstanceId)),
                Area = i.Area,
            })],
            LabelMasks = result.Instances.GroupBy(i => i.Label)
                .ToDictionary(g => g.Key, g => layout.JobFile(job.JobId, SegmentationArtifacts.LabelMask(g.First().Detection.LabelKey))),
            Detections = layout.JobFile(job.JobId, SegmentationArtifacts.Detections),
            Overlay = layout.JobFile(job.JobId, SegmentationArtifacts.Overlay),
            Models = engine.Models,
            Timings = new ContractTimings
            {
                DownloadMs = image.Download.TotalMilliseconds,
                DecodeMs = t.Decode.TotalMilliseconds,
                PreprocessMs = t.Preprocess.TotalMilliseconds,
                QueueMs = outcome.QueueTime.TotalMilliseconds,
                DetectMs = t.Detect.TotalMilliseconds,
                SegmentMs = t.Segment.TotalMilliseconds,
                PostprocessMs = (t.Postprocess + encode).TotalMilliseconds,
                UploadMs = upload.TotalMilliseconds,
            },
            Merge = job.Merge,
            SegmentedAt = time.GetUtcNow(),
        });
        LogSegmented(logger, job.JobId, job.Image.Key, result.Instances.Count, t.Total.TotalMilliseconds + encode.TotalMilliseconds);
    }

    private async Task<(byte[] Bytes, TimeSpan Download)> DownloadAsync(SegmentImage job, CancellationToken cancellationToken)
    {
        if (job.Image is null)
        {
            throw new JobRejectedException(FailureReason.InvalidOptions, "The job names no image.");
        }

        try
        {
            StorageLayout.Validate(job.Image);
        }
        catch (InvalidObjectKeyException ex)
        {
            throw new JobRejectedException(FailureReason.InvalidOptions, ex.Message, ex);
        }

        var clock = Stopwatch.StartNew();
        var info = await store.StatAsync(job.Image, cancellationToken)
            ?? throw new JobRejectedException(FailureReason.ImageNotFound, $"No object {job.Image}. Upload the photo first, or correct the key.");
        if (info.Size > options.Value.MaxImageBytes)
        {
            throw new JobRejectedException(FailureReason.ImageTooLarge,
                $"{job.Image} is {info.Size:N0} bytes; this worker accepts at most {options.Value.MaxImageBytes:N0}. Re-encode the photo smaller.");
        }

        using var buffer = new MemoryStream((int)info.Size);
        try
        {
            await store.GetAsync(job.Image, buffer, cancellationToken);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new JobRejectedException(FailureReason.ImageNotFound, $"No object {job.Image}: it was deleted while the job waited.", ex);
        }

        return (buffer.ToArray(), clock.Elapsed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} segmented {ImageKey}: {InstanceCount} instance(s) in {ElapsedMs:0} ms")]
    private static partial void LogSegmented(ILogger logger, Guid jobId, string imageKey, int instanceCount, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed for good on {ImageKey}: {Reason}: {Detail}")]
    private static partial void LogRejected(ILogger logger, Guid jobId, string? imageKey, FailureReason reason, string detail);
}
