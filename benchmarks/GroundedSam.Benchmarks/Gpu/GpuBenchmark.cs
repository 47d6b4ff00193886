using System.Diagnostics;
using System.Globalization;
using GroundedSam.Inference;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference.Outputs;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Segmentation;
using Microsoft.Extensions.DependencyInjection;

namespace GroundedSam.Benchmarks.Gpu;

/// <summary>
/// The segmentation stage's own throughput on one device, as a worker runs it: photos decoded and prepared beside the
/// models, the models one job at a time behind the <see cref="GpuGate"/>, the masks and their files (PNGs, RLE,
/// detections.json, overlay and previews) made after it, <c>--concurrent</c> jobs in flight. Reports photos per second and the GPU's busy fraction (time inside the gate over the wall clock): on
/// a machine with CUDA and the real weights, how well the CPU side keeps the GPU fed. No broker or storage: their
/// share is the orchestration benchmark's.
/// </summary>
internal static class GpuBenchmark
{
    public static async Task RunAsync(string root, string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var models = Path.GetFullPath(Value("--models") ?? Path.Combine(root, "models", "tiny"));
        var jobs = int.Parse(Value("--jobs") ?? "100", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Value("--warmup") ?? "5", CultureInfo.InvariantCulture);
        var concurrent = int.Parse(Value("--concurrent") ?? "3", CultureInfo.InvariantCulture);
        var size = (Value("--photo") ?? "4000x3000").Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var cpu = args.Contains("--cpu");
        var output = Value("--out");
        var prompt = Value("--prompt") ?? "monitor. keyboard. mouse.";

        var execution = new ExecutionOptions { PreferCuda = !cpu, CudaDeviceId = int.Parse(Value("--device") ?? "0", CultureInfo.InvariantCulture) };
        var sessions = new OnnxSessionFactory(execution);
        using var set = ModelSet.Open(new ModelPaths(models), sessions);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var gate = new GpuGate(new PipelineMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        var inference = new GatedInference(new PhotoInference(set.Detector, set.Segmenter, new PhotoDecoder()), gate,
            new GroundedSam.Contracts.ModelIdentity { Detector = "grounding-dino", Segmenter = "sam2", Device = sessions.Provider });
        var photo = SyntheticPhoto.Jpeg(size[0], size[1]);
        var request = new SegmentationRequest(prompt);
        Console.WriteLine($"models {models} on {sessions.Provider}; {jobs} jobs of a {size[0]}×{size[1]} JPEG after {warmup} warm-up, {concurrent} in flight");

        await RunJobsAsync(inference, photo, request, warmup, concurrent);
        var busyBefore = gate.Busy;
        var clock = Stopwatch.StartNew();
        var instances = await RunJobsAsync(inference, photo, request, jobs, concurrent);
        var wall = clock.Elapsed;
        var busy = gate.Busy - busyBefore;

        var line = string.Create(CultureInfo.InvariantCulture,
            $"{sessions.Provider}: {jobs} photos in {wall.TotalSeconds:0.00} s = {jobs / wall.TotalSeconds:0.00} photos/s; GPU busy {busy.TotalSeconds:0.00} s = {busy / wall:0.000} of the time; {busy.TotalMilliseconds / jobs:0.0} ms per photo in the gate; {instances / (double)jobs:0.0} instances per photo");
        Console.WriteLine(line);
        if (output is not null)
        {
            var command = $"dotnet run -c Release --project benchmarks/GroundedSam.Benchmarks -- gpu --models {Value("--models") ?? "models/tiny"} --jobs {jobs} --photo {size[0]}x{size[1]} --concurrent {concurrent}{(cpu ? " --cpu" : "")}";
            var section = $"""
## GPU stage throughput

Command: `{command}`
Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {sessions.Provider}.

{line}
""";
            Args.WriteSection(Path.Combine(root, output), "## GPU stage throughput", section);
            Console.WriteLine($"written to {output}");
        }
    }

    // The jobs as a worker runs them: up to `concurrent` at once, each through the gate, its outputs built after it.
    private static async Task<int> RunJobsAsync(GatedInference inference, byte[] photo, SegmentationRequest request, int jobs, int concurrent)
    {
        var instances = 0;
        using var slots = new SemaphoreSlim(concurrent);
        var running = new List<Task>();
        for (var i = 0; i < jobs; i++)
        {
            await slots.WaitAsync();
            running.Add(Task.Run(async () =>
            {
                try
                {
                    using var outcome = await inference.RunAsync(photo, request, CancellationToken.None);
                    _ = SegmentationArtifacts.Build(outcome.Photo.Image, outcome.Result, merge: null, "photo.jpg", outcome.Photo.DetectorInput.Downscaled);
                    Interlocked.Add(ref instances, outcome.Result.Instances.Count);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        await Task.WhenAll(running);
        return instances;
    }
}
