using GroundedSam.Pipeline.Merging;
using GroundedSam.Segmentation;
using System.CommandLine;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Folders;
using GroundedSam.Cli.Viewer;
using GroundedSam.Contracts;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace GroundedSam.Cli.Run;

/// <summary>
/// The embedded mode: the same consumers as the workers, on MassTransit's in-memory transport with a temporary
/// folder as the object store. Photos are put in the store, one <see cref="SegmentImage"/> is published per photo,
/// and when every job has ended (or Ctrl-C stops the wait) the finished jobs' outputs are copied to <c>{out}/{photo}/</c>.
/// </summary>
internal sealed class EmbeddedRun(IAnsiConsole console)
{
    /// <summary>Jobs sent and not yet ended (<see cref="JobFeeder"/>): enough to keep both stages busy.</summary>
    private const int Window = 8;

    /// <summary>How long the in-process stages get to finish the jobs in hand once the run is interrupted; then they are cancelled.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    public async Task<int> RunAsync(ParseResult parse, string input, string outputFolder, ModelPaths models, ExecutionOptions execution,
        JobOptions job, string? summary, CancellationToken cancellationToken)
    {
        var (request, merge) = job.Read(parse);
        JobOptions.PrintWarnings(console, request, merge);
        var set = PhotoSet.Find(input, outputFolder);
        PhotoSetReport.PrintNotes(console, set);
        if (set.Photos.Count == 0)
        {
            return PhotoSetReport.NoPhotos(console, input, set);
        }

        models.EnsureExist();
        var store = Directory.CreateTempSubdirectory("gsam-run-").FullName;
        try
        {
            var batchId = Guid.NewGuid();
            var jobs = set.Photos.ToDictionary(p => JobIds.For(batchId, p.RelativePath));
            var progress = new BatchProgress(batchId, jobs.Keys);
            using var host = BuildHost(store, models, execution, progress);
            console.MarkupLineInterpolated($"Loading the models from [blue]{models.Folder}[/]…");
            await host.StartAsync(cancellationToken);
            var interrupted = false;
            try
            {
                console.MarkupLineInterpolated($"Models from [blue]{models.Folder}[/]; {set.Photos.Count} photo(s) through the embedded pipeline.");
                var sending = new JobFeeder(host.Services, progress, Window).SendAsync(jobs, (jobId, image) => SegmentImageMapping.ToMessage(request, merge, jobId, batchId, image, TimeProvider.System.GetUtcNow()), cancellationToken);
                await new BatchReporter(console, progress, Names(jobs)).WaitAsync(cancellationToken, sending);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                progress.Freeze();
            }
            finally
            {
                // Stopped before the outputs are copied, so that no job ends between the copy and the summary.
                using var stopping = new CancellationTokenSource(StopTimeout * 2);
                await host.StopAsync(stopping.Token);
            }

            var copyFailures = await CopyOutputsAsync(host.Services, progress, jobs, outputFolder);
            var exitCode = new BatchReporter(console, progress, Names(jobs)).Summarize(interrupted);
            PhotoSetReport.PrintSkipped(console, set);
            var photos = jobs.Select(j => copyFailures.TryGetValue(j.Key, out var copyError)
                ? new RunSummary.Photo(j.Value.DisplayName, "failed", 0, [], "ResultsNotWritten", copyError)
                : progress.Outcomes.GetValueOrDefault(j.Key) switch
                {
                    InpaintReady ready => new RunSummary.Photo(j.Value.DisplayName, "ok", ready.InstanceCount, ready.Labels, null, null),
                    SegmentationFailed failed => new RunSummary.Photo(j.Value.DisplayName, "failed", 0, [], failed.Reason.ToString(), failed.Detail),
                    JobFaulted faulted => new RunSummary.Photo(j.Value.DisplayName, "failed", 0, [], "Faulted", faulted.Error),
                    _ => new RunSummary.Photo(j.Value.DisplayName, "not finished", 0, [], null, null),
                }).ToList();
            if (summary is not null)
            {
                await RunSummary.WriteAsync(summary, "run", outputFolder, photos, set.Skipped, interrupted, CancellationToken.None);
            }

            await ResultsPage.WriteAndReportAsync(console, outputFolder, $"gsam run {TerminalText.Safe(input)}", ResultsPage.Photo.Of(photos, [.. jobs.Values]));
            return exitCode == ExitCodes.Success && copyFailures.Count > 0 ? ExitCodes.SomeFailed : exitCode;
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    /// <summary>Copies the finished jobs' outputs; returns the jobs whose outputs could not be written, with why.</summary>
    private async Task<Dictionary<Guid, string>> CopyOutputsAsync(IServiceProvider services, BatchProgress progress, Dictionary<Guid, PhotoFile> jobs, string outputFolder)
    {
        var objects = services.GetRequiredService<IObjectStore>();
        var layout = services.GetRequiredService<StorageLayout>();
        var failures = new Dictionary<Guid, string>();
        foreach (var jobId in progress.Outcomes.Where(o => o.Value is InpaintReady).Select(o => o.Key))
        {
            try
            {
                await JobOutputs.DownloadAsync(objects, layout, jobId, outputFolder, jobs[jobId].OutputName, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                failures[jobId] = PhotoFailure.Describe(ex);
                console.MarkupLineInterpolated($"[red]✗ {jobs[jobId].DisplayName}[/]: results not written: {failures[jobId]}");
            }
        }

        console.MarkupLineInterpolated($"Results in [blue]{TerminalText.Safe(outputFolder)}[/].");
        return failures;
    }

    private static Dictionary<Guid, string> Names(Dictionary<Guid, PhotoFile> jobs) => jobs.ToDictionary(j => j.Key, j => j.Value.DisplayName);

    private static IHost BuildHost(string store, ModelPaths models, ExecutionOptions execution, BatchProgress progress)
    {
        var builder = LocalStages.CreateBuilder(store, models, execution);
        builder.Services.AddSingleton(progress);
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.StopTimeout = StopTimeout;
            o.ConsumerStopTimeout = StopTimeout;
        });
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddGsamDefaults(builder.Configuration);
            bus.AddSegmentationConsumer();
            bus.AddMergeConsumer();
            bus.AddConsumer<BatchEventsConsumer>();
            bus.AddConsumer<StageTimingsConsumer>();
            bus.UsingInMemory((context, configurator) => configurator.ConfigureEndpoints(context));
        });
        return builder.Build();
    }
}
