using System.CommandLine;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Segment;
using GroundedSam.Contracts;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace GroundedSam.Cli.Run;

/// <summary>
/// The embedded mode: the same consumers as the workers, on MassTransit's in-memory transport with a temporary
/// folder as the object store. Photos are put in the store, one <see cref="SegmentImage"/> is published per photo,
/// and when every job has ended its outputs are copied to <c>{out}/{photo}/</c>.
/// </summary>
internal sealed class EmbeddedRun(IAnsiConsole console)
{
    public async Task<int> RunAsync(ParseResult parse, string input, string outputFolder, ModelPaths models, ExecutionOptions execution,
        JobOptions job, CancellationToken cancellationToken)
    {
        var (request, merge) = job.Read(parse);
        var (photos, skipped) = PhotoSet.Find(input);
        if (photos.Count == 0)
        {
            console.MarkupLineInterpolated($"[red]No photos in {input}[/] (looked for .jpg, .jpeg, .png and .webp files; {skipped} other files skipped).");
            return ExitCodes.Unusable;
        }

        models.EnsureExist();
        var store = Directory.CreateTempSubdirectory("gsam-run-").FullName;
        try
        {
            var batchId = Guid.NewGuid();
            var jobs = photos.ToDictionary(p => JobIds.For(batchId, p.DisplayName));
            var progress = new BatchProgress(batchId, jobs.Keys);
            using var host = BuildHost(store, models, execution, progress);
            await host.StartAsync(cancellationToken);
            try
            {
                var objects = host.Services.GetRequiredService<IObjectStore>();
                var layout = host.Services.GetRequiredService<StorageLayout>();
                var bus = host.Services.GetRequiredService<IBus>();
                console.MarkupLineInterpolated($"Models from [blue]{models.Folder}[/]; {photos.Count} photo(s) through the embedded pipeline.");
                foreach (var (jobId, photo) in jobs)
                {
                    var image = layout.Upload(batchId, photo.DisplayName.Replace('\\', '/'));
                    await using (var file = File.OpenRead(photo.Path))
                    {
                        await objects.PutAsync(image, file, file.Length, "application/octet-stream", cancellationToken);
                    }

                    await bus.Publish(JobOptions.ToMessage(request, merge, jobId, batchId, image, DateTimeOffset.UtcNow), cancellationToken);
                }

                var reporter = new BatchReporter(console, progress, jobs.ToDictionary(j => j.Key, j => j.Value.DisplayName));
                await reporter.WaitAsync(cancellationToken);
                foreach (var ready in progress.Outcomes.Values.OfType<InpaintReady>())
                {
                    await JobOutputs.DownloadAsync(objects, layout, ready.JobId, Path.Combine(outputFolder, jobs[ready.JobId].OutputName), cancellationToken);
                }

                console.MarkupLineInterpolated($"Results in [blue]{outputFolder}[/].");
                return reporter.Summarize();
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    private static IHost BuildHost(string store, ModelPaths models, ExecutionOptions execution, BatchProgress progress)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:Folder"] = models.Folder,
            ["Execution:PreferCuda"] = execution.PreferCuda.ToString(),
            ["Execution:CudaDeviceId"] = execution.CudaDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddFolderObjectStore(store).AddSegmentationEngine().AddMergeStage();
        builder.Services.AddSingleton(progress);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddSegmentationConsumer();
            bus.AddMergeConsumer();
            bus.AddConsumer<BatchEventsConsumer>();
            bus.UsingInMemory((context, configurator) => configurator.ConfigureEndpoints(context));
        });
        return builder.Build();
    }
}
