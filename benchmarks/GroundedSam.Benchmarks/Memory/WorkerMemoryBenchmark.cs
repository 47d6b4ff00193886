using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using GroundedSam.Contracts;
using GroundedSam.Storage;
using GroundedSam.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GroundedSam.Benchmarks.Memory;

/// <summary>
/// A segmentation worker process, the real program with the tiny models, over many jobs on the real broker (a virtual
/// host of its own) and the real S3 server: its resident set (VmRSS from /proc) sampled against the jobs it has ended.
/// </summary>
/// <param name="photos">Distinct photos uploaded; the jobs cycle through them.</param>
internal sealed class WorkerMemoryBenchmark(string root, int jobs, int width, int height, int photos)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<MemoryRun> RunAsync()
    {
        var rabbit = await TestServices.RabbitMqAsync();
        await using var broker = await BrokerIsolation.CreateAsync(rabbit);
        var s3 = await TestServices.S3Async();
        var run = Guid.NewGuid().ToString("N")[..10];
        var layout = new StorageLayout($"mem-{run}-images", $"mem-{run}-results");
        var settings = new Dictionary<string, string?>(broker.Endpoint.Settings().Concat(s3.Settings(layout.ImagesBucket, layout.ResultsBucket)));
        var port = FreePorts.Next();
        var worker = new Dictionary<string, string?>(settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Models:Folder"] = Path.Combine(root, "models", "tiny"),
            ["Execution:PreferCuda"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var ended = new ConcurrentDictionary<Guid, bool>();
        using var listener = await TestHosts.StartListenerAsync<EndCounter>(settings, services => services.AddSingleton(ended));
        using var store = new MinioObjectStore(new StorageOptions { Endpoint = $"{s3.Url.Scheme}://{s3.Url.Authority}", AccessKey = s3.AccessKey, SecretKey = s3.SecretKey });
        await store.EnsureBucketAsync(layout.ImagesBucket, CancellationToken.None);
        await store.EnsureBucketAsync(layout.ResultsBucket, CancellationToken.None);
        var images = new List<ObjectRef>();
        for (var i = 0; i < photos; i++)
        {
            var jpeg = SyntheticPhoto.Jpeg(width, height, seed: 7 + i);
            var image = layout.Upload(Guid.Empty, $"photo-{i:000}.jpg");
            using var content = new MemoryStream(jpeg);
            await store.PutAsync(image, content, jpeg.Length, "image/jpeg", CancellationToken.None);
            images.Add(image);
        }

        await using var process = ProgramProcess.Start("GroundedSam.SegmentationWorker", worker);
        await WaitUntilReadyAsync(process, port);
        var readyRss = Rss(process.Id);

        var bus = listener.Services.GetRequiredService<IBus>();
        var batch = Guid.NewGuid();
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < jobs; i++)
            {
                await bus.Publish(new SegmentImage { JobId = Guid.NewGuid(), BatchId = batch, Image = images[i % images.Count], Prompt = "monitor. keyboard. mouse." });
            }
        });

        var samples = new List<RssSample>();
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        while (ended.Count < jobs)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The worker ended after {ended.Count} jobs:\n{process.Output}");
            }

            samples.Add(new RssSample(clock.Elapsed, ended.Count, Rss(process.Id)));
            if (clock.Elapsed - lastProgress > TimeSpan.FromSeconds(15))
            {
                lastProgress = clock.Elapsed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0} s: {ended.Count}/{jobs} jobs, RSS {samples[^1].Rss / 1e6:0} MB"));
            }

            if (clock.Elapsed > TimeSpan.FromHours(2))
            {
                throw new TimeoutException($"Only {ended.Count} of {jobs} jobs ended in 2 hours.");
            }

            await Task.Delay(200);
        }

        await publishing;
        samples.Add(new RssSample(clock.Elapsed, ended.Count, Rss(process.Id)));
        var runtime = await RuntimeMemoryAsync(port);
        var failed = ended.Count(e => !e.Value);
        var modelBytes = Directory.EnumerateFiles(Path.Combine(root, "models", "tiny"), "*.onnx", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        return new MemoryRun(jobs, width, height, clock.Elapsed, readyRss, modelBytes, samples, failed, runtime);
    }

    // The runtime's own account at the end, from the worker's /metrics (the System.Runtime meter): the garbage
    // collector's committed memory and the heap's size by generation after the last collection.
    private static async Task<IReadOnlyDictionary<string, double>> RuntimeMemoryAsync(int port)
    {
        var text = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_last_collection_", StringComparison.Ordinal) && line.LastIndexOf(' ') is var space and > 0 &&
                double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..space]] = value;
            }
        }

        return values;
    }

    // The resident set in bytes, as the kernel counts it for the OOM killer and a container's limit.
    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS in /proc/{pid}/status.");
    }

    private static async Task WaitUntilReadyAsync(ProgramProcess process, int port)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException($"The worker did not become ready:\n{process.Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Counts the jobs that ended, well (ImageSegmented) or not (SegmentationFailed).</summary>
    private sealed class EndCounter(ConcurrentDictionary<Guid, bool> ended) : IConsumer<ImageSegmented>, IConsumer<SegmentationFailed>
    {
        public Task Consume(ConsumeContext<ImageSegmented> context)
        {
            ended.TryAdd(context.Message.JobId, true);
            return Task.CompletedTask;
        }

        public Task Consume(ConsumeContext<SegmentationFailed> context)
        {
            ended.TryAdd(context.Message.JobId, false);
            return Task.CompletedTask;
        }
    }
}

/// <summary>One reading: time since the first publish, jobs ended by then, resident set in bytes.</summary>
internal readonly record struct RssSample(TimeSpan Time, int Jobs, long Rss);

/// <summary>A whole run and what the issue asks of it.</summary>
internal sealed record MemoryRun(int Jobs, int Width, int Height, TimeSpan Elapsed, long ReadyRss, long ModelBytes, IReadOnlyList<RssSample> Samples, int Failed,
    IReadOnlyDictionary<string, double> Runtime)
{
    /// <summary>One decoded photo: RGB, 3 bytes per pixel.</summary>
    public long DecodedPhoto => 3L * Width * Height;

    /// <summary>The reference for flatness: the resident set when the 100th job ended.</summary>
    public long RssAt100 => Samples.First(s => s.Jobs >= Math.Min(100, Jobs)).Rss;

    public IEnumerable<RssSample> After100 => Samples.Where(s => s.Jobs >= Math.Min(100, Jobs));

    /// <summary>Lowest and highest resident set after job 100, relative to <see cref="RssAt100"/>.</summary>
    public (double Low, double High) Drift => (After100.Min(s => s.Rss) / (double)RssAt100 - 1, After100.Max(s => s.Rss) / (double)RssAt100 - 1);

    public long Peak => Samples.Max(s => s.Rss);

    /// <summary>What the jobs added at their peak to the worker ready to take them (runtime and models loaded).</summary>
    public long PeakGrowth => Peak - ReadyRss;
}
