using GroundedSam.Contracts;
using GroundedSam.Masks;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Storage;
using Microsoft.Extensions.Options;

namespace GroundedSam.Pipeline.Merging;

/// <summary>
/// One merge, whatever carries it: the chosen labels' instance masks unioned at full resolution, dilated, feathered
/// and in the chosen polarity, stored as <c>jobs/{JobId}/merged-mask.png</c>, and the <see cref="InpaintReady"/> that
/// names it. A photo with no detections still ends here, with an empty mask and an instance count of 0. A message it
/// refuses (<see cref="MergeInput"/>, a mask that is missing, too large or not the job's PNG) throws
/// <see cref="JobRejectedException"/>; a storage failure throws as it is, to be retried.
/// </summary>
public sealed class MergeJob(IObjectStore store, StorageLayout layout, IOptions<MergeStageOptions> limits, TimeProvider time, PipelineMetrics metrics)
{
    private const string Stage = "merge";

    public async Task<InpaintReady> RunAsync(ImageSegmented job, CancellationToken cancellationToken)
    {
        var (options, chosen) = MergeInput.Check(job, layout, limits.Value);
        var masks = new (string Label, BinaryMask Mask)[chosen.Count];
        long bytesIn = 0;
        var started = time.GetTimestamp();
        using (PipelineTracing.StartStep("download")?.SetTag("gsam.masks", chosen.Count))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, chosen.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var (mask, length) = await ReadMaskAsync(job, chosen[i].Mask, ct);
                masks[i] = (chosen[i].Label, mask);
                Interlocked.Add(ref bytesIn, length);
            });
        }

        var download = time.GetElapsedTime(started);
        MergedMask merged;
        byte[] png;
        started = time.GetTimestamp();
        using (PipelineTracing.StartStep(Stage))
        {
            merged = await Task.Run(() => MaskMerger.Render(job.Width, job.Height, masks, options), cancellationToken);
            png = merged.EncodePng();
        }

        var merge = time.GetElapsedTime(started);
        var target = layout.JobFile(job.JobId, JobFiles.MergedMask);
        started = time.GetTimestamp();
        using (PipelineTracing.StartStep("upload"))
        using (var content = new MemoryStream(png, writable: false))
        {
            await store.PutAsync(target, content, png.Length, "image/png", cancellationToken);
        }

        metrics.Merged([("download", download), (Stage, merge), ("upload", time.GetElapsedTime(started))], bytesIn, png.Length);
        return new InpaintReady
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
        };
    }

    // At most the bytes a mask of the photo's size can take, then our strict PNG reader: a bomb or a photo is refused.
    private async Task<(BinaryMask Mask, long Length)> ReadMaskAsync(ImageSegmented job, ObjectRef mask, CancellationToken cancellationToken)
    {
        try
        {
            var png = await store.ReadBytesAsync(mask, MergeInput.MaxMaskBytes(job), cancellationToken);
            return (MaskPng.Read(png, job.Width, job.Height), png.Length);
        }
        catch (Exception ex) when (ex is ObjectNotFoundException or ObjectTooLargeException or InvalidDataException)
        {
            throw new JobRejectedException(FailureReason.InvalidMessage, $"The mask {mask} cannot be merged: {ex.Message}", ex);
        }
    }
}
