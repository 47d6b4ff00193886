using System.Globalization;
using System.Text;

namespace GroundedSam.Benchmarks.Memory;

/// <summary>Runs the worker memory benchmark and writes its section of docs/benchmarks.md and the plot beside it.</summary>
internal static class MemoryReport
{
    private const string Plot = "docs/worker-memory.svg";

    public static async Task RunAsync(string root, string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var jobs = int.Parse(Value("--jobs") ?? "2000", CultureInfo.InvariantCulture);
        var size = (Value("--photo") ?? "1600x1200").Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var photos = int.Parse(Value("--photos") ?? "8", CultureInfo.InvariantCulture);
        var output = Value("--out") ?? "docs/benchmarks.md";

        var run = await new WorkerMemoryBenchmark(root, jobs, size[0], size[1], photos).RunAsync();
        foreach (var (name, value) in run.Runtime)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value / 1e6:0.0} MB"));
        }

        var (low, high) = run.Drift;
        var bound = run.ModelBytes + (6 * run.DecodedPhoto);
        var flat = low >= -0.05 && high <= 0.05;
        var bounded = run.PeakGrowth <= bound;
        var command = $"dotnet run -c Release --project benchmarks/GroundedSam.Benchmarks -- memory --jobs {jobs} --photo {size[0]}x{size[1]} --photos {photos}";
        var plotPath = Path.Combine(Path.GetDirectoryName(Path.Combine(root, output))!, Path.GetFileName(Plot));
        File.WriteAllText(plotPath, Svg(run));

        var rows = new StringBuilder();
        rows.AppendLine("| jobs ended | RSS MB |");
        rows.AppendLine("|---:|---:|");
        foreach (var mark in new[] { 0, 100, 250, 500, 1000, 1500, jobs }.Where(m => m <= jobs).Distinct())
        {
            var sample = run.Samples.First(s => s.Jobs >= mark);
            rows.AppendLine(CultureInfo.InvariantCulture, $"| {mark} | {sample.Rss / 1e6:0.0} |");
        }

        var section = string.Create(CultureInfo.InvariantCulture, $"""
## Worker memory over {jobs} jobs

Command (with RabbitMQ and the S3 server running): `{command}`
Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores. One segmentation worker, the real program (`GroundedSam.SegmentationWorker`,
Release, default settings: 3 jobs at once) with the tiny models on CPU, takes {jobs} jobs ({photos} distinct {size[0]}×{size[1]} JPEGs,
prompt "monitor. keyboard. mouse.", five objects each) from a virtual host of its own on the real broker and writes to the real S3
server; its resident set (VmRSS) is read every 200 ms against the jobs ended. {run.Jobs - run.Failed} jobs segmented, {run.Failed} failed, in {run.Elapsed.TotalSeconds:0} s.

{rows}
- Ready, before the first job (runtime and models loaded): **{run.ReadyRss / 1e6:0.0} MB**.
- After job 100: {run.RssAt100 / 1e6:0.0} MB; every later reading within **{low * 100:+0.0;-0.0} % … {high * 100:+0.0;-0.0} %** of it (target ±5 %: {(flat ? "met" : "not met")}).
- Peak {run.Peak / 1e6:0.0} MB: **{run.PeakGrowth / 1e6:0.0} MB** above ready, against model bytes ({run.ModelBytes / 1e6:0.00} MB) + 6 × one decoded photo ({run.DecodedPhoto / 1e6:0.0} MB each) = {bound / 1e6:0.0} MB ({(bounded ? "met" : "not met")}).

![Worker RSS over jobs](worker-memory.svg)
""");
        Console.WriteLine(section);
        Args.WriteSection(Path.Combine(root, output), $"## Worker memory over", section);
        Console.WriteLine($"written to {output} and {plotPath}");
    }

    // RSS (MB) against jobs ended, with the ±5 % band around the reading at job 100 and the peak bound.
    private static string Svg(MemoryRun run)
    {
        const int W = 720, H = 320, Left = 60, Right = 20, Top = 20, Bottom = 40;
        var top = Math.Max(run.Peak, run.ReadyRss + run.ModelBytes + (6 * run.DecodedPhoto)) * 1.05 / 1e6;
        double X(double jobs) => Left + (jobs / run.Jobs * (W - Left - Right));
        double Y(double mb) => Top + ((1 - (mb / top)) * (H - Top - Bottom));
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="11">""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect width="{W}" height="{H}" fill="white"/>""");
        var at100 = run.RssAt100 / 1e6;
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{X(100):0.0}" y="{Y(at100 * 1.05):0.0}" width="{X(run.Jobs) - X(100):0.0}" height="{Y(at100 * 0.95) - Y(at100 * 1.05):0.0}" fill="#dbeafe"/>""");
        var bound = (run.ReadyRss + run.ModelBytes + (6 * run.DecodedPhoto)) / 1e6;
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{W - Right}" y1="{Y(bound):0.0}" y2="{Y(bound):0.0}" stroke="#dc2626" stroke-dasharray="4 3"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{W - Right}" y="{Y(bound) - 4:0.0}" text-anchor="end" fill="#dc2626">ready + models + 6 decoded photos</text>""");
        for (var mb = 0.0; mb <= top; mb += top > 600 ? 200 : 100)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{W - Right}" y1="{Y(mb):0.0}" y2="{Y(mb):0.0}" stroke="#e5e7eb"/><text x="{Left - 6}" y="{Y(mb) + 4:0.0}" text-anchor="end">{mb:0}</text>""");
        }

        var points = string.Join(' ', run.Samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{X(s.Jobs):0.0},{Y(s.Rss / 1e6):0.0}")));
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline points="{points}" fill="none" stroke="#1d4ed8" stroke-width="1.5"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{W - Right}" y1="{H - Bottom}" y2="{H - Bottom}" stroke="black"/><line x1="{Left}" x2="{Left}" y1="{Top}" y2="{H - Bottom}" stroke="black"/>""");
        foreach (var jobs in Enumerable.Range(0, 5).Select(i => run.Jobs * i / 4))
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(jobs):0.0}" y="{H - Bottom + 16}" text-anchor="middle">{jobs}</text>""");
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{(Left + W - Right) / 2}" y="{H - 6}" text-anchor="middle">jobs ended</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="14" y="{(Top + H - Bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 {(Top + H - Bottom) / 2})">worker RSS, MB (band: ±5 % of job 100)</text>""");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }
}
