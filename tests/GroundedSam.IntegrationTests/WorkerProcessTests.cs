using System.Net;
using System.Text.Json;
using GroundedSam.Testing;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// The worker programs as the fleet runs them, real processes on the real broker and S3 server: their own ports,
/// readiness that follows the broker, timestamped JSON logs, and start-up errors that name the setting to fix.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed class WorkerProcessTests
{
    private static readonly TimeSpan Deadline = WorkerHttp.Deadline;

    [Fact]
    public async Task MergeWorkers_TwoOnOneNode_EachAnswersOnItsOwnPortWithMetricsAndTimestampedLogs()
    {
        await using var broker = await BrokerIsolation.CreateAsync(await TestServices.RabbitMqAsync());
        var settings = await SettingsAsync(broker.Endpoint.Port, broker);
        var (first, second) = (FreePorts.Next(), FreePorts.Next());

        await using var one = ProgramProcess.Start("GroundedSam.MaskMergeWorker", new Dictionary<string, string?>(settings) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{first}" });
        // The second names the formatter as docker-compose.yml does: the same JSON, timestamps included.
        await using var two = ProgramProcess.Start("GroundedSam.MaskMergeWorker", new Dictionary<string, string?>(settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{second}",
            ["Logging:Console:FormatterName"] = "json",
        });

        Assert.True(await WorkerHttp.ReadyBecomesAsync(first, HttpStatusCode.OK), one.Output.ToString());
        Assert.True(await WorkerHttp.ReadyBecomesAsync(second, HttpStatusCode.OK), two.Output.ToString());
        Assert.Contains("# TYPE ", await WorkerHttp.TextAsync(first, "/metrics"), StringComparison.Ordinal); // Prometheus text on the health port
        foreach (var worker in new[] { one, two })
        {
            // The output arrives through a pipe, after readiness.
            var line = await Eventually.ReadAsync(() => worker.Output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith('{')), l => l is not null);
            Assert.True(line is not null, worker.Output.ToString());
            var timestamp = JsonDocument.Parse(line).RootElement.GetProperty("Timestamp").GetString();
            Assert.True(DateTimeOffset.TryParse(timestamp, System.Globalization.CultureInfo.InvariantCulture, out var when), line);
            Assert.InRange(DateTimeOffset.UtcNow - when, TimeSpan.Zero, Deadline * 2);
        }
    }

    [Fact]
    public async Task MergeWorker_SimpleFormatterSet_LogsPlainTextInsteadOfJson()
    {
        await using var broker = await BrokerIsolation.CreateAsync(await TestServices.RabbitMqAsync());
        var port = FreePorts.Next();
        await using var worker = ProgramProcess.Start("GroundedSam.MaskMergeWorker", new Dictionary<string, string?>(await SettingsAsync(broker.Endpoint.Port, broker))
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging:Console:FormatterName"] = "simple",
        });

        Assert.True(await WorkerHttp.ReadyBecomesAsync(port, HttpStatusCode.OK), worker.Output.ToString());
        // The output arrives through a pipe, after readiness.
        var lines = await Eventually.ReadAsync(() => worker.Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries),
            read => read.Any(l => l.StartsWith("info: Microsoft.Hosting.Lifetime", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("info: Microsoft.Hosting.Lifetime", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith('{'));
    }

    [Fact]
    public async Task MergeWorker_BrokerLost_LeavesTheReadySetUntilItIsBack()
    {
        await using var broker = await BrokerIsolation.CreateAsync(await TestServices.RabbitMqAsync());
        await using var proxy = new TcpFaultProxy(broker.Endpoint.Host, broker.Endpoint.Port);
        var port = FreePorts.Next();
        await using var worker = ProgramProcess.Start("GroundedSam.MaskMergeWorker",
            new Dictionary<string, string?>(await SettingsAsync(proxy.Port, broker)) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
        Assert.True(await WorkerHttp.ReadyBecomesAsync(port, HttpStatusCode.OK), worker.Output.ToString());

        proxy.Cut();
        Assert.True(await WorkerHttp.ReadyBecomesAsync(port, HttpStatusCode.ServiceUnavailable), worker.Output.ToString());
        Assert.Equal(HttpStatusCode.OK, await WorkerHttp.StatusAsync(port, "/health/live"));

        proxy.Restore();
        Assert.True(await WorkerHttp.ReadyBecomesAsync(port, HttpStatusCode.OK), worker.Output.ToString());
    }

    [Theory]
    [InlineData("GroundedSam.MaskMergeWorker", "Storage:AccessKey", "", "Storage__AccessKey: The AccessKey field is required.")]
    [InlineData("GroundedSam.MaskMergeWorker", "Merge:ConcurrentJobs", "0", "Merge__ConcurrentJobs")]
    [InlineData("GroundedSam.SegmentationWorker", "Models:Folder", "/nonexistent/models", "Models__Folder")]
    [InlineData("GroundedSam.MaskMergeWorker", "RabbitMq:Host", "broker.example", "RabbitMq__Password is a published default")]
    public async Task Worker_BadSetting_ExitsSeventyEightNamingTheVariable(string project, string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Endpoint"] = "http://127.0.0.1:1",
            ["Storage:AccessKey"] = "a",
            ["Storage:SecretKey"] = "b",
            ["Models:Folder"] = RepositoryPaths.TinyModels,
            ["Execution:PreferCuda"] = "false",
            [key] = value,
        };
        await using var worker = ProgramProcess.Start(project, settings);

        var exit = await worker.WaitForExitAsync(Deadline);

        Assert.True(exit == 78, $"exit {exit}: {worker.Output}");
        Assert.Contains(expected, worker.Output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", worker.Output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", worker.Output.ToString(), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string?>> SettingsAsync(int brokerPort, BrokerIsolation broker)
    {
        var s3 = await TestServices.S3Async();
        return new Dictionary<string, string?>((broker.Endpoint with { Host = "127.0.0.1" }).Settings(brokerPort)
            .Concat(s3.Settings($"it-{Guid.NewGuid():N}"[..20], $"it-{Guid.NewGuid():N}"[..20])));
    }
}
