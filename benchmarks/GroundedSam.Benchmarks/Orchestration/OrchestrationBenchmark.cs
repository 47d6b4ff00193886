using GroundedSam.ServiceDefaults;
using GroundedSam.Pipeline.Merging;
using GroundedSam.Segmentation;
using System.Collections.Concurrent;
using System.Diagnostics;
using GroundedSam.Contracts;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Sam2;
using GroundedSam.Storage;
using GroundedSam.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Benchmarks.Orchestration;

/// <summary>
/// Throughput of the distributed pipeline against the ideal W/L: W segmentation workers (hosts built as the worker
/// program builds them, each with its own broker connection and GPU gate, here in one process) whose GPU stage
/// takes a fixed L, one merge worker, the real RabbitMQ and the real S3 server. The clock runs from the first
/// publish to the last InpaintReady; the S3 requests of that window are counted by method.
/// </summary>
/// <param name="warmupJobs">Jobs run (on the same photo) before the measured window: the JIT's tiers settle on them.</param>
internal sealed class OrchestrationBenchmark(string root, TimeSpan latency, int photosPerWorker, int photoWidth = 320, int photoHeight = 240, int warmupJobs = 0)
{
    public async Task<OrchestrationResult> RunAsync(int workers)
    {
        var broker = await TestServices.RabbitMqAsync();
        var s3 = await TestServices.S3Async();
        var run = Guid.NewGuid().ToString("N")[..12];
        var configuration = new Dictionary<string, string?>(broker.Settings().Concat(s3.Settings($"bench-{run}-images", $"bench-{run}-results")))
        {
            ["Models:Folder"] = Path.Combine(root, "models", "tiny"),
            ["Execution:PreferCuda"] = "false",
            ["Segmentation:ConcurrentJobs"] = "3",
            ["Segmentation:Prefetch"] = "1",
            ["Merge:ConcurrentJobs"] = "8",
        };
        var tokenizer = PromptTokenizer.FromVocabulary(Path.Combine(root, "models", "tiny", "grounding-dino-tiny", "vocab.txt"));
        var hosts = new List<IHost>();
        var ready = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var observer = await TestHosts.StartListenerAsync<ReadyCounter>(configuration, services => services.AddSingleton(ready));
        try
        {
            for (var i = 0; i < workers; i++)
            {
                hosts.Add(await TestHosts.StartAsync(configuration, builder =>
                {
                    builder.Services.AddSingleton<IDetector>(new SimulatedDetector(tokenizer, latency));
                    builder.Services.AddSingleton<ISegmenter>(new SimulatedSegmenter());
                    builder.AddWorkerLifetime().AddSegmentationWorker();
                }));
            }

            hosts.Add(await TestHosts.StartAsync(configuration, builder => builder.AddWorkerLifetime().AddMaskMergeWorker()));

            var store = hosts[0].Services.GetRequiredService<IObjectStore>();
            var layout = hosts[0].Services.GetRequiredService<StorageLayout>();
            var photo = Photo();
            var count = photosPerWorker * workers;
            var images = new List<ObjectRef>();
            for (var i = 0; i < count; i++)
            {
                var image = layout.Upload(Guid.Empty, $"photo-{i:0000}.jpg");
                using var content = new MemoryStream(photo);
                await store.PutAsync(image, content, photo.Length, "image/jpeg", CancellationToken.None);
                images.Add(image);
            }

            var bus = observer.Services.GetRequiredService<IBus>();
            for (var i = 0; i < warmupJobs; i++)
            {
                await bus.Publish(new SegmentImage { JobId = Guid.NewGuid(), BatchId = Guid.NewGuid(), Image = images[i % images.Count], Prompt = "monitor." });
            }

            await WaitForAsync(ready, warmupJobs);
            ready.Clear();

            var memory = new List<long>();
            using var requests = new HttpRequestCounter();
            using var sampling = new CancellationTokenSource();
            var sampler = SampleMemoryAsync(memory, sampling.Token);
            var batch = Guid.NewGuid();
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            using var gcReasons = new GcReasons();
            gcReasons.Start();
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var clock = Stopwatch.StartNew();
            requests.Start();
            foreach (var image in images)
            {
                await bus.Publish(new SegmentImage { JobId = Guid.NewGuid(), BatchId = batch, Image = image, Prompt = "monitor." });
            }

            await WaitForAsync(ready, count);
            var elapsed = clock.Elapsed;
            // The last InpaintReady can arrive before the merge worker's last request has been recorded: a moment's grace.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var s3Requests = requests.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var jit = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
            Console.WriteLine("GCs: " + string.Join(", ", gcReasons.Stop().OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}")));
            var collections = (GC.CollectionCount(0) - gcBefore.Item1, GC.CollectionCount(1) - gcBefore.Item2, GC.CollectionCount(2) - gcBefore.Item3);
            await sampling.CancelAsync();
            await sampler;
            return new OrchestrationResult(workers, count, latency, elapsed, memory.Min(), memory.Max(), memory[^1], s3Requests, cpu, jit, collections);
        }
        finally
        {
            foreach (var host in hosts.Append(observer))
            {
                await host.StopAsync(TimeSpan.FromSeconds(30));
                host.Dispose();
            }
        }
    }

    private static async Task WaitForAsync(ConcurrentDictionary<Guid, DateTimeOffset> ready, int count)
    {
        var clock = Stopwatch.StartNew();
        while (ready.Count < count)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"Only {ready.Count} of {count} jobs ended in 10 minutes.");
            }

            await Task.Delay(20);
        }
    }

    private static async Task SampleMemoryAsync(List<long> samples, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        while (!cancellationToken.IsCancellationRequested)
        {
            process.Refresh();
            samples.Add(process.WorkingSet64);
            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        process.Refresh();
        samples.Add(process.WorkingSet64);
    }

    private byte[] Photo() => SyntheticPhotos.FlatJpeg(photoWidth, photoHeight, new Rgb24(120, 110, 100), quality: 85);

    private sealed class ReadyCounter(ConcurrentDictionary<Guid, DateTimeOffset> ready) : IConsumer<InpaintReady>
    {
        public Task Consume(ConsumeContext<InpaintReady> context)
        {
            ready.TryAdd(context.Message.JobId, DateTimeOffset.UtcNow);
            return Task.CompletedTask;
        }
    }
}
