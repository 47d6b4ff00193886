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

    // A step takes from a millisecond (a GPU gate nobody holds) to minutes (a 50 MP photo on a CPU); a photo shows
    // from none to a few hundred objects. The SDK's default buckets (0 to 10 000) would put every step in the first.
    private static readonly double[] StepSeconds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
    private static readonly long[] InstanceCounts = [0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500];

    private readonly Counter<long> _jobs;
    private readonly Histogram<double> _stageDuration;
    private readonly Histogram<long> _instances;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;
    private readonly UpDownCounter<long> _gpuWaiting;
    private readonly Meter _meter;
    private string? _device;

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = _meter = meters.Create(MeterName);
        _jobs = meter.CreateCounter<long>("gsam.jobs", "{job}", "Jobs that ended, by stage, outcome (succeeded, failed) and failure reason.");
        _stageDuration = meter.CreateHistogram("gsam.stage.duration", "s",
            "Time of one step of a job, by stage and step: segmentation's download, decode, preprocess, gpu_wait, detect, segment, upsample, encode, upload; merge's download, merge, upload.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StepSeconds });
        _instances = meter.CreateHistogram("gsam.instances", "{instance}", "Objects found per photo.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = InstanceCounts });
        _bytesIn = meter.CreateCounter<long>("gsam.bytes.in", "By", "Bytes read from the store, by stage: photos, masks.");
        _bytesOut = meter.CreateCounter<long>("gsam.bytes.out", "By", "Bytes written to the store, by stage: outputs, merged masks.");
        _gpuWaiting = meter.CreateUpDownCounter<long>("gsam.gpu.waiting", "{job}", "Jobs prepared and waiting for this worker's GPU gate.");
    }

    /// <summary>
    /// Announces the ONNX Runtime execution provider the models run on ("CUDA", "CPU") as the gauge
    /// <c>gsam.onnxruntime.device</c>, 1 with the provider as its <c>device</c> attribute: a worker that fell back to
    /// the CPU shows up on a dashboard, not only in its start-up log.
    /// </summary>
    public void RunsOn(string device)
    {
        if (Interlocked.Exchange(ref _device, device) is null)
        {
            _meter.CreateObservableGauge("gsam.onnxruntime.device", () => new Measurement<int>(1, new KeyValuePair<string, object?>("device", _device)),
                "{device}", "The ONNX Runtime execution provider the models run on, as the attribute device.");
        }
    }

    /// <summary>A job started (+1) or stopped (-1) waiting for the GPU gate.</summary>
    public void GpuWaiting(int delta) => _gpuWaiting.Add(delta);

    /// <summary>A job left <paramref name="stage"/> for good: with an event that moves it on, or with <c>SegmentationFailed</c>.</summary>
    public void JobEnded(string stage, FailureReason? reason) =>
        _jobs.Add(1, new("stage", stage), new("outcome", reason is null ? "succeeded" : "failed"), new("reason", reason?.ToString() ?? "none"));

    private void StageTook(string stage, string step, TimeSpan duration) =>
        _stageDuration.Record(duration.TotalSeconds, new("stage", stage), new("step", step));

    /// <summary>What a segmented photo cost and gave: each step's time, the bytes in and out, the instances found.</summary>
    public void Segmented(IEnumerable<(string Step, TimeSpan Time)> steps, long bytesIn, long bytesOut, int instances)
    {
        Took(SegmentationStage, steps, bytesIn, bytesOut);
        _instances.Record(instances);
    }

    /// <summary>What a merge cost: each step's time, the mask bytes read and the merged mask's bytes written.</summary>
    public void Merged(IEnumerable<(string Step, TimeSpan Time)> steps, long bytesIn, long bytesOut) => Took(MergeStage, steps, bytesIn, bytesOut);

    public const string SegmentationStage = "segmentation";

    public const string MergeStage = "merge";

    private void Took(string stage, IEnumerable<(string Step, TimeSpan Time)> steps, long bytesIn, long bytesOut)
    {
        foreach (var (step, time) in steps)
        {
            StageTook(stage, step, time);
        }

        var tag = new KeyValuePair<string, object?>("stage", stage);
        _bytesIn.Add(bytesIn, tag);
        _bytesOut.Add(bytesOut, tag);
    }
}
