using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GroundedSam.Testing;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// The observability profile's files (<c>infra/observability</c>) as the real tools read them: Prometheus' own
/// <c>promtool</c> checks the shipped configuration, and a real Prometheus (Debian's, which <c>.ci/services</c>
/// installs) scrapes two real worker processes and the real broker with the shipped RabbitMQ job, while jobs run,
/// then evaluates every query of the Grafana dashboard: each must parse and return a finite value, so a renamed
/// metric, a wrong label or a broken expression fails here, not on an operator's screen.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed partial class DashboardTests : IDisposable
{
    private static readonly string Observability = Path.Combine(RepositoryPaths.Root, "infra", "observability");
    private static readonly string Dashboard = Path.Combine(Observability, "grafana", "dashboards", "gsam-pipeline.json");
    private readonly string _folder = Directory.CreateTempSubdirectory("gsam-dashboard-it-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ShippedPrometheusConfig_PassesPromtool()
    {
        var (exit, output) = await RunToolAsync(Tool("promtool"), "check", "config", Path.Combine(Observability, "prometheus.yml"));

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_EveryPanelReadsAProvisionedDataSourceAndFitsTheGrid()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllBytes(Dashboard));
        var provisioned = DataSourceUid().Matches(File.ReadAllText(Path.Combine(Observability, "grafana", "provisioning", "datasources", "datasources.yaml")))
            .Select(m => (string?)m.Groups[1].Value).ToHashSet();
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        var cells = new HashSet<(int, int)>();
        foreach (var panel in panels)
        {
            Assert.Contains(panel.GetProperty("datasource").GetProperty("uid").GetString(), provisioned);
            Assert.All(panel.GetProperty("targets").EnumerateArray(), t => Assert.Contains(t.GetProperty("datasource").GetProperty("uid").GetString(), provisioned));
            var grid = panel.GetProperty("gridPos");
            var (x, y, w, h) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.InRange(x + w, 1, 24);
            for (var i = x; i < x + w; i++)
            {
                for (var j = y; j < y + h; j++)
                {
                    Assert.True(cells.Add((i, j)), $"panel {panel.GetProperty("title")} overlaps another at ({i}, {j})");
                }
            }
        }

        Assert.Superset(
            new HashSet<string?> { "Jobs per second by outcome", "Step latency p50", "Step latency p95", "GPU wait", "Queue depth", "Failures by reason" },
            panels.Select(p => p.GetProperty("title").GetString()).ToHashSet());
    }

    [Fact]
    public async Task Dashboard_AgainstRealWorkersAndBroker_EveryQueryReturnsAFiniteValue()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 0, mergeWorkers: 0);
        var (segmentationPort, mergePort) = (FreePorts.Next(), FreePorts.Next());
        await using var segmentation = ProgramProcess.Start("GroundedSam.SegmentationWorker", new Dictionary<string, string?>(cluster.Settings) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{segmentationPort}" });
        await using var merge = ProgramProcess.Start("GroundedSam.MaskMergeWorker", new Dictionary<string, string?>(cluster.Settings) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{mergePort}" });
        Assert.True(await WorkerHttp.ReadyBecomesAsync(segmentationPort, HttpStatusCode.OK), segmentation.Output.ToString());
        Assert.True(await WorkerHttp.ReadyBecomesAsync(mergePort, HttpStatusCode.OK), merge.Output.ToString());

        var broker = await TestServices.RabbitMqAsync();
        var config = await LocalConfigAsync([$"127.0.0.1:{segmentationPort}", $"127.0.0.1:{mergePort}"], $"{broker.Host}:15692");
        var prometheusPort = FreePorts.Next();
        await using var prometheus = ProgramProcess.Start(new ProcessStartInfo(Tool("prometheus"),
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_folder, "data")}", $"--web.listen-address=127.0.0.1:{prometheusPort}"]));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}/"), Timeout = TimeSpan.FromSeconds(30) };

        // Scraping before the jobs run, so that every counter has a sample before and after them.
        var up = await Eventually.ReadAsync(() => QueryAsync(http, "sum(up)"), r => r.Values is [3]);
        Assert.True(up.Values is [3], $"targets up: {up.Describe()}\n{prometheus.Output}");
        // A counter's series appears with its first job, already at 1: Prometheus sees an increase, and rates are
        // more than zero, only for jobs after the first scrape of each series. So a first round, then a second.
        await RunJobsAsync(cluster, round: 0, good: 1);
        var seen = await Eventually.ReadAsync(() => QueryAsync(http, """count(gsam_stage_duration_seconds_count{stage="merge"}) + count(gsam_jobs_total{outcome="failed"})"""),
            r => r.Values is [> 0]);
        Assert.True(seen.Values is [> 0], seen.Describe());
        await RunJobsAsync(cluster, round: 1, good: 2);

        foreach (var expression in DashboardExpressions())
        {
            var query = expression.Replace("$__rate_interval", "2m", StringComparison.Ordinal).Replace("$__range", "10m", StringComparison.Ordinal);
            var result = await Eventually.ReadAsync(() => QueryAsync(http, query), r => r.Error is null && r.Values.Any(double.IsFinite));
            Assert.True(result.Error is null && result.Values.Any(double.IsFinite), $"{query}\n{result.Describe()}");
        }
    }

    /// <summary>Publishes <paramref name="good"/> photos and one that is missing, and waits until all of them ended.</summary>
    private static async Task RunJobsAsync(PipelineCluster cluster, int round, int good)
    {
        var (ready, failed) = (cluster.Events.Ready.Count, cluster.Events.Failed.Count);
        for (var i = 0; i < good; i++)
        {
            await cluster.PublishAsync(PipelineCluster.Job(await cluster.UploadAsync($"desk-{round}-{i}.jpg", PipelineCluster.Jpeg(160, 120, i)), Guid.NewGuid()));
        }

        await cluster.PublishAsync(PipelineCluster.Job(cluster.Layout.Upload(Guid.Empty, $"never-uploaded-{round}.jpg"), Guid.NewGuid()));
        await cluster.WaitUntilAsync(e => e.Ready.Count == ready + good && e.Failed.Count == failed + 1, WorkerHttp.Deadline, $"round {round}'s InpaintReady and SegmentationFailed");
    }

    private static IEnumerable<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllBytes(Dashboard));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)];
    }

    /// <summary>The shipped configuration with the test's targets: the workers on loopback ports, the broker's metrics port; the RabbitMQ job's path and parameters as shipped.</summary>
    private async Task<string> LocalConfigAsync(string[] workers, string rabbitmq)
    {
        var path = Path.Combine(_folder, "prometheus.yml");
        var script = """
            import sys, yaml
            config = yaml.safe_load(open(sys.argv[1]))
            config["global"]["scrape_interval"] = "1s"
            for job in config["scrape_configs"]:
                job.pop("dns_sd_configs", None)
                job["static_configs"] = [{"targets": sys.argv[3].split(",") if job["job_name"] == "gsam-workers" else [sys.argv[4]]}]
            yaml.safe_dump(config, open(sys.argv[2], "w"))
            """;
        var (exit, output) = await RunToolAsync("/usr/bin/python3", "-c", script, Path.Combine(Observability, "prometheus.yml"), path, string.Join(',', workers), rabbitmq);
        Assert.True(exit == 0, output);
        return path;
    }

    private static async Task<QueryResult> QueryAsync(HttpClient http, string query)
    {
        try
        {
            using var response = await http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(query));
            var body = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.GetProperty("status").GetString() != "success")
            {
                return new QueryResult([], body);
            }

            var values = json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                .Select(s => double.Parse(s.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            return new QueryResult(values, null, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException)
        {
            return new QueryResult([], ex.Message);
        }
    }

    private static readonly string[] ToolFolders = ["/usr/bin", "/usr/local/bin"];

    private static string Tool(string name) =>
        ToolFolders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists)
        ?? throw new TestServiceUnavailableException($"{name} is not installed: `bash .ci/services start` installs Debian's prometheus package.");

    private static async Task<(int ExitCode, string Output)> RunToolAsync(string tool, params string[] args)
    {
        await using var process = ProgramProcess.Start(new ProcessStartInfo(tool, args));
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exit ?? -1, process.Output.ToString());
    }

    [GeneratedRegex(@"^\s*uid:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex DataSourceUid();

    private sealed record QueryResult(IReadOnlyList<double> Values, string? Error, string? Body = null)
    {
        public string Describe() => Error ?? Body ?? "(nothing)";
    }
}
