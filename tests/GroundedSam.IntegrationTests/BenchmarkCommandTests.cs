using System.Text.RegularExpressions;
using GroundedSam.Testing;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// The benchmark commands docs/benchmarks.md gives, run small: each must still run and write its section, so that a
/// figure in the docs can always be measured again. The figures themselves are the benchmarks' business, not asserted here.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed partial class BenchmarkCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
    private readonly string _folder = Directory.CreateTempSubdirectory("gsam-bench-").FullName;

    [Fact]
    public async Task Gpu_TinyModelsOnCpu_ReportsPhotosPerSecondAndTheBusyFraction()
    {
        var report = Path.Combine(_folder, "benchmarks.md");

        await using var run = ProgramProcess.Start("GroundedSam.Benchmarks", new Dictionary<string, string?>(),
            "gpu", "--cpu", "--jobs", "6", "--warmup", "1", "--photo", "640x480", "--out", report);

        Assert.Equal(0, await run.WaitForExitAsync(Deadline));
        var line = GpuLine().Match(run.Output.ToString());
        Assert.True(line.Success, run.Output.ToString());
        var busy = double.Parse(line.Groups["busy"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(busy, 0.0001, 1.0);
        Assert.Contains("## GPU stage throughput", await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_WorkerProcessOnTheRealServices_WritesItsTableAndPlot()
    {
        var report = Path.Combine(_folder, "benchmarks.md");

        await using var run = ProgramProcess.Start("GroundedSam.Benchmarks", new Dictionary<string, string?>(),
            "memory", "--jobs", "12", "--photo", "320x240", "--photos", "2", "--out", report);

        Assert.Equal(0, await run.WaitForExitAsync(Deadline));
        var text = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        Assert.Contains("## Worker memory over 12 jobs", text, StringComparison.Ordinal);
        Assert.Contains("12 jobs segmented, 0 failed", text, StringComparison.Ordinal);
        var svg = await File.ReadAllTextAsync(Path.Combine(_folder, "worker-memory.svg"), TestContext.Current.CancellationToken);
        Assert.Contains("<polyline points=", svg, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [GeneratedRegex(@"photos/s; GPU busy [0-9.]+ s = (?<busy>[0-9.]+) of the time")]
    private static partial Regex GpuLine();
}
