using System.Diagnostics;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Folders;
using GroundedSam.Cli.Viewer;
using GroundedSam.Contracts;
using GroundedSam.Inference;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Masks;
using GroundedSam.Pipeline.Merging;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Segmentation;
using GroundedSam.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace GroundedSam.Cli.Segment;

/// <summary>
/// <c>gsam segment</c>: every photo through the jobs the workers run, one after the other and without a bus:
/// <see cref="SegmentationJob"/>, then <see cref="MergeJob"/>, over a temporary folder as the object store; each
/// photo's files are then copied to <c>{out}/{photo}/</c> and dropped from the store. Every photo ends as a result
/// or a named failure and the rest go on; Ctrl-C stops after the photo in hand with a summary. The exit code says
/// whether any failed.
/// </summary>
internal sealed class SegmentRunner(IAnsiConsole console)
{
    public async Task<int> RunAsync(string input, string outputFolder, ModelPaths models, ExecutionOptions execution,
        SegmentationRequest request, MergeOptions merge, string? summary, CancellationToken cancellationToken)
    {
        var set = PhotoSet.Find(input, outputFolder);
        PhotoSetReport.PrintNotes(console, set);
        if (set.Photos.Count == 0)
        {
            return PhotoSetReport.NoPhotos(console, input, set);
        }

        models.EnsureExist();
        var store = Directory.CreateTempSubdirectory("gsam-segment-").FullName;
        try
        {
            using var host = LocalStages.CreateBuilder(store, models, execution).Build();
            console.MarkupLineInterpolated($"Loading the models from [blue]{models.Folder}[/]…");
            await host.StartAsync(cancellationToken);
            var jobs = new LocalJobs(host.Services, Guid.NewGuid(), request, merge, outputFolder);
            console.MarkupLineInterpolated($"Models from [blue]{models.Folder}[/] on [blue]{host.Services.GetRequiredService<GatedInference>().Models.Device}[/]; {set.Photos.Count} photo(s), prompt [green]\"{Prompt.Parse(request.Prompt).Caption}\"[/].");

            Directory.CreateDirectory(outputFolder);
            var outcomes = new List<PhotoOutcome>();
            var interrupted = false;
            try
            {
                await console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask("Segmenting", maxValue: set.Photos.Count);
                        var names = UploadNames.Assign(set.Photos);
                        for (var i = 0; i < set.Photos.Count; i++)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            task.Description = Markup.Escape(set.Photos[i].DisplayName);
                            var outcome = await jobs.RunAsync(set.Photos[i], names[i], cancellationToken);
                            outcomes.Add(outcome);
                            Report(outcome);
                            task.Increment(1);
                        }

                        task.Description = "Done";
                    });
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }

            await host.StopAsync(CancellationToken.None);
            var photos = outcomes.Select(o => o.Result is { } r
                    ? new RunSummary.Photo(o.Photo.DisplayName, "ok", r.Instances.Count, [.. r.Instances.Select(i => i.Label).Distinct()], null, null)
                    : RunSummary.Failed(o.Photo.DisplayName, o.Error!))
                .Concat(set.Photos.Skip(outcomes.Count).Select(p => new RunSummary.Photo(p.DisplayName, "not finished", 0, [], null, null)))
                .ToList();
            if (summary is not null)
            {
                await RunSummary.WriteAsync(summary, "segment", outputFolder, photos, set.Skipped, interrupted, CancellationToken.None);
            }

            await ResultsPage.WriteAndReportAsync(console, outputFolder, $"gsam segment {TerminalText.Safe(input)}", ResultsPage.Photo.Of(photos, set.Photos));

            return Summarize(set, outcomes, outputFolder, interrupted);
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    private int Summarize(PhotoSet set, List<PhotoOutcome> outcomes, string outputFolder, bool interrupted)
    {
        var failed = outcomes.Count(o => o.Failed);
        var objects = outcomes.Sum(o => o.Result?.Instances.Count ?? 0);
        if (interrupted)
        {
            console.MarkupLineInterpolated($"[yellow]Interrupted[/] after {outcomes.Count} of {set.Photos.Count} photo(s): {outcomes.Count - failed} segmented, {failed} failed, {set.Photos.Count - outcomes.Count} not started; results in [blue]{TerminalText.Safe(outputFolder)}[/].");
            return ExitCodes.Interrupted;
        }

        console.MarkupLineInterpolated($"{outcomes.Count - failed} of {outcomes.Count} photo(s) segmented, {objects} object(s); results in [blue]{TerminalText.Safe(outputFolder)}[/].");
        PhotoSetReport.PrintSkipped(console, set);
        if (failed > 0)
        {
            console.MarkupLineInterpolated($"[red]{failed} photo(s) failed:[/] {string.Join(", ", outcomes.Where(o => o.Failed).Select(o => o.Photo.DisplayName))}");
            return ExitCodes.SomeFailed;
        }

        return ExitCodes.Success;
    }

    private void Report(PhotoOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            console.MarkupLineInterpolated($"[red]✗ {outcome.Photo.DisplayName}[/]: {error}");
            return;
        }

        var result = outcome.Result!;
        var labels = result.Instances.Count == 0
            ? "nothing found"
            : string.Join(", ", result.Instances.GroupBy(i => i.Label).Select(g => g.Count() == 1 ? TerminalText.Label(g.Key) : $"{TerminalText.Label(g.Key)} ×{g.Count()}"));
        console.MarkupLineInterpolated(
            $"[green]✓ {outcome.Photo.DisplayName}[/] {result.Width}×{result.Height}: {result.Instances.Count} object(s) ({labels}) [grey]{StageTimingsText.Format(result.Timings, outcome.MergeTime, outcome.WriteTime)}[/]");
    }

    /// <summary>One photo as a job of the local stages: into the store, through both jobs, out to its folder.</summary>
    private sealed class LocalJobs(IServiceProvider services, Guid batchId, SegmentationRequest request, MergeOptions merge, string outputFolder)
    {
        private readonly IObjectStore _store = services.GetRequiredService<IObjectStore>();
        private readonly StorageLayout _layout = services.GetRequiredService<StorageLayout>();
        private readonly SegmentationJob _segmentation = services.GetRequiredService<SegmentationJob>();
        private readonly MergeJob _merging = services.GetRequiredService<MergeJob>();
        private readonly long _maxBytes = services.GetRequiredService<IOptions<SegmentationOptions>>().Value.MaxImageBytes;

        public async Task<PhotoOutcome> RunAsync(PhotoFile photo, string name, CancellationToken cancellationToken)
        {
            var jobId = JobIds.For(batchId, photo.RelativePath);
            var image = _layout.LocalPhoto(name);
            using var trace = PipelineTracing.StartJob("gsam segment", jobId, batchId);
            try
            {
                var bytes = PhotoReader.Read(photo.Path, _maxBytes);
                using (var content = new MemoryStream(bytes, writable: false))
                {
                    await _store.PutAsync(image, content, bytes.Length, "application/octet-stream", cancellationToken);
                }

                var segmented = await _segmentation.RunAsync(SegmentImageMapping.ToMessage(request, merge, jobId, batchId, image, TimeProvider.System.GetUtcNow()), cancellationToken);
                var clock = Stopwatch.StartNew();
                await _merging.RunAsync(segmented, cancellationToken);
                var mergeTime = clock.Elapsed;
                clock.Restart();
                await JobOutputs.DownloadAsync(_store, _layout, jobId, outputFolder, photo.OutputName, cancellationToken);
                return new PhotoOutcome(photo, segmented, null, mergeTime, TimeSpan.FromMilliseconds(segmented.Timings.UploadMs) + clock.Elapsed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new PhotoOutcome(photo, null, PhotoFailure.Describe(ex), TimeSpan.Zero, TimeSpan.Zero);
            }
            finally
            {
                await ForgetAsync(jobId, image);
            }
        }

        // The store is scratch space: a photo's objects go once its files are in the output folder (or it failed).
        private async Task ForgetAsync(Guid jobId, ObjectRef image)
        {
            await _store.DeleteAsync(image, CancellationToken.None);
            var done = new List<ObjectRef>();
            await foreach (var item in _store.ListAsync(_layout.ResultsBucket, StorageLayout.JobPrefix(jobId), CancellationToken.None))
            {
                done.Add(item.Ref);
            }

            foreach (var item in done)
            {
                await _store.DeleteAsync(item, CancellationToken.None);
            }
        }
    }
}
