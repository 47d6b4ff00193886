using System.Globalization;
using System.Text;

namespace GroundedSam.Benchmarks.Orchestration;

/// <summary>Runs the orchestration benchmark for each worker count and writes its section of docs/benchmarks.md.</summary>
internal static class OrchestrationReport
{
    public static async Task RunAsync(string root, string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var latency = TimeSpan.FromMilliseconds(int.Parse(Value("--latency-ms") ?? "500", CultureInfo.InvariantCulture));
        var perWorker = int.Parse(Value("--photos-per-worker") ?? "16", CultureInfo.InvariantCulture);
        var workers = (Value("--workers") ?? "1,2,4,8").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        var output = Value("--out") ?? "docs/benchmarks.md";
        var size = (Value("--photo") ?? "320x240").Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        var warmup = int.Parse(Value("--warmup-jobs") ?? "0", CultureInfo.InvariantCulture);
        var benchmark = new OrchestrationBenchmark(root, latency, perWorker, size[0], size[1], warmup);
        var results = new List<OrchestrationResult>();
        foreach (var w in workers)
        {
            var result = await benchmark.RunAsync(w);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"W={w}: {result.Photos} photos in {result.Elapsed.TotalSeconds:0.00} s, {result.Throughput:0.00}/s vs ideal {result.Ideal:0.00}/s = {result.Efficiency:0.000}; S3 per job {result.S3TotalPerJob:0.0} ({result.S3PerJob}); CPU {result.CpuMsPerJob:0.0} ms per job, of which JIT {result.JitMsPerJob:0.0}; GCs gen0/1/2 {result.Collections.Gen0}/{result.Collections.Gen1}/{result.Collections.Gen2}"));
            results.Add(result);
        }

        var table = new StringBuilder();
        table.AppendLine("| workers W | photos | wall time s | photos/s | ideal W/L | efficiency | working set start–peak–end MB | CPU ms per job | of which JIT | S3 requests per job |");
        table.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Workers} | {r.Photos} | {r.Elapsed.TotalSeconds:0.00} | {r.Throughput:0.00} | {(r.Latency > TimeSpan.Zero ? r.Ideal.ToString("0.00", CultureInfo.InvariantCulture) : "—")} | **{(r.Latency > TimeSpan.Zero ? r.Efficiency.ToString("0.000", CultureInfo.InvariantCulture) : "—")}** | {r.MinWorkingSet / 1e6:0}–{r.MaxWorkingSet / 1e6:0}–{r.EndWorkingSet / 1e6:0} | {r.CpuMsPerJob:0.0} | {r.JitMsPerJob:0.0} | {r.S3TotalPerJob:0.0} ({r.S3PerJob}) |");
        }

        var command = $"dotnet run -c Release --project benchmarks/GroundedSam.Benchmarks -- orchestration --latency-ms {latency.TotalMilliseconds:0} --photos-per-worker {perWorker} --workers {string.Join(',', workers)} --photo {size[0]}x{size[1]}{(warmup > 0 ? $" --warmup-jobs {warmup}" : "")}";
        var section = $"""
## Orchestration: throughput against W/L

Command (with RabbitMQ and the S3 server running: `eval "$(bash .ci/services start)"` first): `{command}`
Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores; RabbitMQ 3.10 from Debian and moto_server as the S3 server, both on loopback.

W segmentation workers, each a host built as the worker program builds it (own broker connection, own GPU gate),
whose GPU stage is simulated by a fixed L = {latency.TotalMilliseconds:0} ms, plus one merge worker; photos {size[0]}×{size[1]} JPEG with one object
each. Everything else is the real code and the real services: download, decode, preprocessing, masks, PNG and
overlay encoding, uploads, both stages' messages. The clock runs from the first publish to the last InpaintReady;
efficiency is the measured throughput over the ideal W/L. All hosts share this one process, so the working set is
the whole run's, sampled every 100 ms, and so is the CPU time (every host's, not RabbitMQ's or the S3 server's). The S3 requests are counted from .NET's own HTTP client metrics over the same
window (the Minio client's requests and the store's own GETs alike), by method: a listing is a GET.

{table}
""";
        Console.WriteLine(section);
        Args.WriteSection(Path.Combine(root, output), "## Orchestration: throughput against W/L", section);
    }
}
