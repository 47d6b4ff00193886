using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GroundedSam.Cli;
using GroundedSam.Contracts;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Testing;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// Telemetry as an operator meets it, on the real broker and S3 server: each job one trace from <c>gsam submit</c>
/// through both workers to <c>InpaintReady</c>; a worker process's <c>/metrics</c>, its JSON logs carrying the trace
/// id that came with the message, and its OTLP export.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed partial class TelemetryTests : IDisposable
{
    private static readonly string[] StageSteps = ["download", "decode", "preprocess", "gpu_wait", "detect", "segment", "upsample", "encode", "upload", "merge"];

    private readonly string _folder = Directory.CreateTempSubdirectory("gsam-telemetry-it-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SubmitWait_TwoPhotos_EachJobIsOneTraceFromSubmitThroughBothWorkersToInpaintReady()
    {
        using var spans = new RecordedSpans();
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 1, mergeWorkers: 1);
        var photos = Directory.CreateDirectory(Path.Combine(_folder, "photos")).FullName;
        for (var i = 0; i < 2; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(photos, $"desk-{i}.jpg"), PipelineCluster.Jpeg(240, 180, i), TestContext.Current.CancellationToken);
        }

        using (var console = new ConsoleCapture())
        {
            var exit = await GsamCommand.Create(console.AsConsole()).Parse(["submit", photos, "--prompt", "monitor. keyboard.", "--wait", "--config",
                cluster.WriteConfigFile(Path.Combine(_folder, "gsam.json"))]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(exit == 0, console.ToString());
        }

        var roots = spans.All.Where(s => s.OperationName == "gsam submit").ToList();
        Assert.Equal(2, roots.Count);
        Assert.Equal(2, roots.Select(r => r.TraceId).Distinct().Count());
        foreach (var root in roots)
        {
            var jobId = (string)root.GetTagItem(PipelineTracing.JobIdTag)!;
            Assert.Equal(default, root.ParentSpanId);

            // The merge worker's consume span ends after its InpaintReady is out: wait for it, not for a fixed time.
            var trace = await spans.TraceAsync(root.TraceId, t => t.Any(s => RecordedSpans.ConsumerType(s).Contains("MaskMergeConsumer", StringComparison.Ordinal)));

            var ids = trace.Select(s => s.SpanId).ToHashSet();
            Assert.All(trace.Where(s => s != root), s => Assert.Contains(s.ParentSpanId, ids));
            Assert.Single(trace, s => RecordedSpans.ConsumerType(s).Contains("SegmentImageConsumer", StringComparison.Ordinal) && (string?)s.GetTagItem(PipelineTracing.JobIdTag) == jobId);
            Assert.Single(trace, s => RecordedSpans.ConsumerType(s).Contains("MaskMergeConsumer", StringComparison.Ordinal) && (string?)s.GetTagItem(PipelineTracing.JobIdTag) == jobId);
            Assert.Contains(trace, s => s.Kind == ActivityKind.Producer && s.DisplayName.Contains(nameof(InpaintReady), StringComparison.Ordinal));
            Assert.All(StageSteps, step => Assert.Contains(trace, s => s.OperationName == step));
        }
    }

    [Fact]
    public async Task SegmentationWorkerProcess_AfterAJobAndAFailure_MetricsPageHasHistogramsReasonCountAndDeviceAndLogsCarryTheTraceId()
    {
        using var spans = new RecordedSpans();
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 0, mergeWorkers: 0);
        var port = FreePorts.Next();
        await using var worker = ProgramProcess.Start("GroundedSam.SegmentationWorker", new Dictionary<string, string?>(cluster.Settings) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
        Assert.True(await WorkerHttp.ReadyBecomesAsync(port, HttpStatusCode.OK), worker.Output.ToString());

        var good = PipelineCluster.Job(await cluster.UploadAsync("desk.jpg", PipelineCluster.Jpeg(160, 120, 3)), Guid.NewGuid());
        var missing = PipelineCluster.Job(cluster.Layout.Upload(Guid.Empty, "never-uploaded.jpg"), Guid.NewGuid());
        ActivityTraceId traceId;
        using (var submit = PipelineTracing.StartJob("test submit", good.JobId, good.BatchId))
        {
            traceId = submit!.TraceId;
            await cluster.PublishAsync(good);
        }

        await cluster.PublishAsync(missing);
        await cluster.WaitUntilAsync(e => e.Failed.Any(f => f.JobId == missing.JobId), WorkerHttp.Deadline, "the missing photo's SegmentationFailed");

        Assert.True(await WorkerHttp.PageBecomesAsync(port, "/metrics", (_, text) =>
            Sample(text, "gsam_jobs_total", "stage=\"segmentation\"", "outcome=\"succeeded\"") == 1
            && Sample(text, "gsam_jobs_total", "stage=\"segmentation\"", "reason=\"ImageNotFound\"") == 1), await WorkerHttp.TextAsync(port, "/metrics"));
        var metrics = await WorkerHttp.TextAsync(port, "/metrics");
        foreach (var step in new[] { "download", "decode", "preprocess", "gpu_wait", "detect", "segment", "upsample", "encode", "upload" })
        {
            Assert.Equal(1, Sample(metrics, "gsam_stage_duration_seconds_count", "stage=\"segmentation\"", $"step=\"{step}\""));
            Assert.Equal(1, Sample(metrics, "gsam_stage_duration_seconds_bucket", $"step=\"{step}\"", "le=\"300\""));
        }

        Assert.InRange(Sample(metrics, "gsam_stage_duration_seconds_bucket", "step=\"gpu_wait\"", "le=\"0.001\""), 0, 1); // seconds, not the SDK's 0-10 000 buckets
        Assert.Equal(1, Sample(metrics, "gsam_instances_count"));
        Assert.Equal(1, Sample(metrics, "gsam_onnxruntime_device", "device=\"CPU\""));
        Assert.Equal(0, Sample(metrics, "gsam_gpu_waiting"));

        var logged = await LogLineAsync(worker, good.JobId);
        var scopes = logged.GetProperty("Scopes").EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _));
        Assert.Contains(traceId.ToString(), scopes.Select(s => s.GetProperty("TraceId").GetString()));
    }

    [Fact]
    public async Task SegmentationWorkerProcess_OtlpEndpointSet_ExportsTheJobsSpansMetricsAndLogs()
    {
        using var collector = new OtlpCollector();
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 0, mergeWorkers: 0);
        var port = FreePorts.Next();
        await using var worker = ProgramProcess.Start("GroundedSam.SegmentationWorker", new Dictionary<string, string?>(cluster.Settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        Assert.True(await WorkerHttp.ReadyBecomesAsync(port, HttpStatusCode.OK), worker.Output.ToString());

        var job = PipelineCluster.Job(await cluster.UploadAsync("desk.jpg", PipelineCluster.Jpeg(160, 120, 4)), Guid.NewGuid());
        await cluster.PublishAsync(job);

        // Protocol buffers carry strings as UTF-8 bytes: the job id tag and the instrument names are found as such.
        Assert.True(await collector.ReceivesAsync("/v1/traces", job.JobId.ToString()), collector.Describe() + worker.Output);
        Assert.True(await collector.ReceivesAsync("/v1/traces", "GroundedSam.SegmentationWorker"), collector.Describe());
        Assert.True(await collector.ReceivesAsync("/v1/metrics", "gsam.stage.duration"), collector.Describe());
        Assert.True(await collector.ReceivesAsync("/v1/logs", job.JobId.ToString()), collector.Describe());
    }

    [Fact]
    public async Task SegmentationWorkerProcess_OnlyTheTracesEndpointSet_ExportsSpansAndNothingElse()
    {
        // As the compose profile "observability" wires the workers to Jaeger, which takes traces only.
        using var collector = new OtlpCollector();
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 0, mergeWorkers: 0);
        var port = FreePorts.Next();
        await using var worker = ProgramProcess.Start("GroundedSam.SegmentationWorker", new Dictionary<string, string?>(cluster.Settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = collector.Url + "/v1/traces",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        Assert.True(await WorkerHttp.ReadyBecomesAsync(port, HttpStatusCode.OK), worker.Output.ToString());

        var job = PipelineCluster.Job(await cluster.UploadAsync("desk.jpg", PipelineCluster.Jpeg(160, 120, 5)), Guid.NewGuid());
        await cluster.PublishAsync(job);

        // By the time the job's spans arrive, a metrics exporter every 200 ms would have sent many times.
        Assert.True(await collector.ReceivesAsync("/v1/traces", job.JobId.ToString()), collector.Describe() + worker.Output);
        Assert.Equal(["/v1/traces"], collector.Paths);
        Assert.True(await WorkerHttp.PageBecomesAsync(port, "/metrics", (_, text) => text.Contains("gsam_jobs_total", StringComparison.Ordinal)), "metrics stay on /metrics");
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>; -1 when there is none.</summary>
    private static double Sample(string exposition, string metric, params string[] labels)
    {
        var values = exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Select(line => SampleValue().Match(line))
            .Where(match => match.Success)
            .Select(match => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        return values.Count == 1 ? values[0] : -1;
    }

    private static async Task<JsonElement> LogLineAsync(ProgramProcess worker, Guid jobId)
    {
        var line = await Eventually.ReadAsync(() => worker.Output.ToString().Split('\n')
            .FirstOrDefault(l => l.StartsWith('{') && l.Contains(jobId.ToString(), StringComparison.Ordinal) && l.Contains("segmented", StringComparison.Ordinal)), l => l is not null);
        return line is null
            ? throw new TimeoutException($"No JSON log line for job {jobId}: {worker.Output}")
            : JsonDocument.Parse(line).RootElement.Clone();
    }

    [GeneratedRegex(@"^[a-z_]+(\{.*\})? (?<value>[-+0-9.eE]+|NaN|\+Inf)( [0-9]+)?\r?$")]
    private static partial Regex SampleValue();

    /// <summary>An OTLP/HTTP receiver that keeps what each path was sent.</summary>
    private sealed class OtlpCollector : LoopbackHttpServer
    {
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        public string Url => BaseUrl.ToString().TrimEnd('/');

        public Task<bool> ReceivesAsync(string path, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return Eventually.ReadAsync(() => _received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0), received => received);
        }

        public IReadOnlyList<string> Paths => [.. _received.Select(r => r.Path).Distinct().Order(StringComparer.Ordinal)];

        public string Describe() => $"received: {string.Join(", ", _received.GroupBy(r => r.Path).Select(g => $"{g.Key} ×{g.Count()}"))}\n";

        protected override async Task RespondAsync(HttpListenerContext context)
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
