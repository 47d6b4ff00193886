using System.Globalization;
using System.Text;
using GroundedSam.Benchmarks;
using GroundedSam.Benchmarks.Orchestration;

// dotnet run -c Release --project benchmarks/GroundedSam.Benchmarks -- [--rounds N] [--width W --height H] [--out docs/benchmarks.md]
// dotnet run -c Release --project benchmarks/GroundedSam.Benchmarks -- orchestration [--latency-ms L] [--photos-per-worker N] [--workers 1,2,4,8]
// dotnet run -c Release --project benchmarks/GroundedSam.Benchmarks -- gpu [--models FOLDER] [--jobs 100] [--photo 4000x3000] [--concurrent 3] [--cpu] [--out docs/benchmarks.md]
// dotnet run -c Release --project benchmarks/GroundedSam.Benchmarks -- memory [--jobs 2000] [--photo 1600x1200] [--photos 8]
var root = Args.RepositoryRoot();
if (args.Length > 0 && args[0] == "gpu")
{
    await GroundedSam.Benchmarks.Gpu.GpuBenchmark.RunAsync(root, args);
    return;
}

if (args.Length > 0 && args[0] == "memory")
{
    await GroundedSam.Benchmarks.Memory.MemoryReport.RunAsync(root, args);
    return;
}

if (args.Length > 0 && args[0] == "orchestration")
{
    await OrchestrationReport.RunAsync(root, args);
    return;
}

var options = Args.Parse(args);
var vocabulary = Path.Combine(root, "models", "tiny", "grounding-dino-tiny", "vocab.txt");
var results = new CpuSideBenchmark(options.Width, options.Height, vocabulary).Run(options.Rounds, options.Warmups);

var baseline = results["jpeg decode (baseline)"].Median;
var table = new StringBuilder();
table.AppendLine("| stage | median ms | p25–p75 ms | × one decode |");
table.AppendLine("|---|---:|---:|---:|");
foreach (var m in results.Values)
{
    table.AppendLine(CultureInfo.InvariantCulture, $"| {m.Name} | {m.Median:0.0} | {m.Q1:0.0}–{m.Q3:0.0} | {m.Median / baseline:0.00} |");
}

var ratio = results["cpu side total"].Median / baseline;
var command = $"dotnet run -c Release --project benchmarks/GroundedSam.Benchmarks -- --rounds {options.Rounds} --width {options.Width} --height {options.Height}";
var section = $"""
## CPU side per photo ({options.Width}×{options.Height})

Command: `{command}`
Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; measured {DateTime.UtcNow:yyyy-MM-dd}.
Median of {options.Rounds} rounds after {options.Warmups} warm-ups, each round running the baseline and then the pipeline's stages.

{table}
CPU side total / one JPEG decode (medians): **{ratio:0.00}×** (target ≤ 3×).
""";
Console.WriteLine(section);
if (options.Output is { } output)
{
    Args.WriteSection(Path.Combine(root, output), "## CPU side per photo", section);
    Console.WriteLine($"written to {output}");
}
