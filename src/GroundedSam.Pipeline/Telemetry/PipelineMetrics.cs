using System.Diagnostics.Metrics;
using GroundedSam.Contracts;

namespace GroundedSam.Pipeline.Telemetry;

/// <summary>
/// The pipeline's own instruments on the meter <see cref="MeterName"/>, which an OpenTelemetry or dotnet-counters
/// listener picks up by name: jobs ended by stage, outcome and failure reason; the time of each stage; photo and
/// output bytes; instances per photo. Created through <see cref="IMeterFactory"/>, so each host has its own meter.
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "GroundedSam.Pipeline";

    private readonly Counter<long> _jobs;
    private readonly Histogram<double> _stageDuration;
    private readonly Histogram<long> _instances;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _jobs = meter.CreateCounter<long>("gsam.jobs", "{job}", "Jobs that ended, by stage, outcome (succeeded, failed) and failure reason.");
        _stageDuration = meter.CreateHistogram<double>("gsam.stage.duration", "s",
            "Time of one step of a job: download, decode, preprocess, gpu_wait, detect, segment, postprocess, upload, merge.");
        _instances = meter.CreateHistogram<long>("gsam.instances", "{instance}", "Objects found per photo.");
        _bytesIn = meter.CreateCounter<long>("gsam.bytes.in", "By", "Photo bytes read from the store.");
        _bytesOut = meter.CreateCounter<long>("gsam.bytes.out", "By", "Output bytes written to the store.");
    }

    /// <summary>A job left <paramref name="stage"/> for good: with an event that moves it on, or with <c>SegmentationFailed</c>.</summary>
    public void JobEnded(string stage, FailureReason? reason) =>
        _jobs.Add(1, new("stage", stage), new("outcome", reason is null ? "succeeded" : "failed"), new("reason", reason?.ToString() ?? "none"));

    public void StageTook(string step, TimeSpan duration) => _stageDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("step", step));

    /// <summary>What a segmented photo cost and gave: each step's time, the bytes in and out, the instances found.</summary>
    public void Segmented(StageTimings timings, long bytesIn, long bytesOut, int instances)
    {
        foreach (var (step, ms) in new[]
        {
            ("download", timings.DownloadMs), ("decode", timings.DecodeMs), ("preprocess", timings.PreprocessMs), ("gpu_wait", timings.QueueMs),
            ("detect", timings.DetectMs), ("segment", timings.SegmentMs), ("postprocess", timings.PostprocessMs), ("upload", timings.UploadMs),
        })
        {
            StageTook(step, TimeSpan.FromMilliseconds(ms));
        }

        _bytesIn.Add(bytesIn);
        _bytesOut.Add(bytesOut);
        _instances.Record(instances);
    }
}
