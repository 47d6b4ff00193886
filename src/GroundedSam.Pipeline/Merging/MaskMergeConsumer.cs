using GroundedSam.Contracts;
using GroundedSam.Inference.Masks;
using GroundedSam.Inference.Outputs;
using GroundedSam.Pipeline.Segmentation;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace GroundedSam.Pipeline.Merging;

/// <summary>
/// The merge stage: the chosen labels' instance masks unioned at full resolution, dilated, feathered and in the
/// chosen polarity, stored as <c>jobs/{JobId}/merged-mask.png</c>, then <see cref="InpaintReady"/>. A photo with no
/// detections still ends here, with an empty mask and an instance count of 0, so nothing downstream waits forever.
/// </summary>
public sealed partial class MaskMergeConsumer(IObjectStore store, StorageLayout layout, TimeProvider time, ILogger<MaskMergeConsumer> logger)
    : IConsumer<ImageSegmented>
{
    public async Task Consume(ConsumeContext<ImageSegmented> context)
    {
        var job = context.Message;
        var cancellationToken = context.CancellationToken;
        var options = JobOptionsMapping.ToMergeOptions(job.Merge);
        var chosen = job.Instances.Where(i => options.Includes(i.Label)).ToList();
        var masks = new (string Label, BinaryMask Mask)[chosen.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, chosen.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            using var buffer = new MemoryStream();
            await store.GetAsync(chosen[i].Mask, buffer, ct);
            buffer.Position = 0;
            var mask = MaskPng.Read(buffer);
            if (mask.Width != job.Width || mask.Height != job.Height)
            {
                throw new InvalidDataException($"{chosen[i].Mask} is {mask.Width}×{mask.Height}, not {job.Width}×{job.Height}.");
            }

            masks[i] = (chosen[i].Label, mask);
        });

        var merged = await Task.Run(() => MaskMerger.Render(job.Width, job.Height, masks, options), cancellationToken);
        var png = merged.EncodePng();
        var target = layout.JobFile(job.JobId, SegmentationArtifacts.MergedMask);
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
            Polarity = JobOptionsMapping.ToContract(options.Polarity),
            Labels = merged.Labels,
            InstanceCount = merged.InstanceCount,
            Coverage = merged.Coverage,
            Detections = job.Detections,
            ReadyAt = time.GetUtcNow(),
        });
        LogMerged(logger, job.JobId, merged.InstanceCount, merged.Coverage);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} merged {InstanceCount} instance(s), coverage {Coverage:P1}")]
    private static partial void LogMerged(ILogger logger, Guid jobId, int instanceCount, double coverage);
}
