using System.Diagnostics;
using GroundedSam.Contracts;
using GroundedSam.Inference.Outputs;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Storage;
using Microsoft.Extensions.Options;

namespace GroundedSam.Segmentation;

/// <summary>
/// One <see cref="SegmentImage"/> job, whatever carries it: check the job (<see cref="SegmentInput"/>), download the
/// photo, run Grounding DINO and SAM 2 behind the GPU gate, replace the job's masks, detections.json and overlay under
/// <c>jobs/{JobId}/</c> (<see cref="JobArtifacts"/>) and describe them as <see cref="ImageSegmented"/>. A job that
/// cannot succeed throws <see cref="JobRejectedException"/>; a storage failure throws as it is, to be retried.
/// </summary>
public sealed class SegmentationJob(GatedInference inference, IObjectStore store, StorageLayout layout, IOptions<SegmentationOptions> options, TimeProvider time,
    PipelineMetrics metrics)
{
    public async Task<ImageSegmented> RunAsync(SegmentImage job, CancellationToken cancellationToken)
    {
        var request = SegmentInput.Check(job, layout, options.Value);
        byte[] photo;
        TimeSpan download;
        using (PipelineTracing.StartStep("download"))
        {
            (photo, download) = await PhotoDownload.ReadAsync(store, job.Image, options.Value.MaxImageBytes, cancellationToken);
        }

        using var outcome = await inference.RunAsync(photo, request, cancellationToken);
        var result = outcome.Result;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<OutputArtifact> artifacts;
        using (PipelineTracing.StartStep("encode"))
        {
            artifacts = await Task.Run(() => GatedInference.Permanent(() => SegmentationArtifacts.Build(outcome.Photo.Image, result, merge: null, PhotoName(job.Image.Key), outcome.Photo.DetectorInput.Downscaled)), cancellationToken);
        }

        var encode = clock.Elapsed;
        clock.Restart();
        using (PipelineTracing.StartStep("upload"))
        {
            await JobArtifacts.ReplaceAsync(store, layout, job.JobId, artifacts, cancellationToken);
        }

        var upload = clock.Elapsed;

        var t = result.Timings;
        var timings = new StageTimings
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
        metrics.Segmented(
            [
                ("download", download), ("decode", t.Decode), ("preprocess", t.Preprocess), ("gpu_wait", outcome.QueueTime), ("detect", t.Detect),
                ("segment", t.Segment), ("upsample", t.Postprocess), ("encode", encode), ("upload", upload),
            ],
            photo.Length, artifacts.Sum(a => (long)a.Content.Length), result.Instances.Count);
        return ImageSegmentedMapping.From(job, result, layout, inference.Models, timings, time.GetUtcNow());
    }

    /// <summary>detections.json's <c>image_path</c>: the photo's own name (<c>desk.jpg</c>), whatever folder or upload prefix holds it, in every mode.</summary>
    public static string PhotoName(string key) => key[(key.LastIndexOf('/') + 1)..];
}
