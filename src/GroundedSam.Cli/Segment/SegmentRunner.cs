using System.Diagnostics;
using GroundedSam.Cli.Folders;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Masks;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference.Outputs;
using GroundedSam.Inference;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace GroundedSam.Cli.Segment;

/// <summary>
/// <c>gsam segment</c>: every photo through Grounding DINO and SAM 2 in this process, its files written to
/// <c>{out}/{photo}/</c>. Every photo ends as a result or a named failure and the rest go on; Ctrl-C stops after
/// the photo in hand with a summary. The exit code says whether any failed.
/// </summary>
internal sealed class SegmentRunner(IAnsiConsole console, ILoggerFactory logs)
{
    public int Run(string input, string outputFolder, ModelPaths models, ExecutionOptions execution,
        SegmentationRequest request, MergeOptions merge, CancellationToken cancellationToken)
    {
        var set = PhotoSet.Find(input, outputFolder);
        PhotoSetReport.PrintNotes(console, set);
        if (set.Photos.Count == 0)
        {
            return PhotoSetReport.NoPhotos(console, input, set);
        }

        using var opened = ModelSet.Open(models, new OnnxSessionFactory(execution, logs.CreateLogger<OnnxSessionFactory>()));
        var pipeline = opened.Inference(new PhotoDecoder());
        console.MarkupLineInterpolated($"Models from [blue]{models.Folder}[/] on [blue]{opened.Device}[/]; {set.Photos.Count} photo(s), prompt [green]\"{Prompt.Parse(request.Prompt).Caption}\"[/].");

        Directory.CreateDirectory(outputFolder);
        var outcomes = new List<PhotoOutcome>();
        var interrupted = false;
        try
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("Segmenting", maxValue: set.Photos.Count);
                    foreach (var photo in set.Photos)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        task.Description = Markup.Escape(photo.DisplayName);
                        var outcome = Process(pipeline, photo, outputFolder, request, merge, cancellationToken);
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

        return Summarize(set, outcomes, outputFolder, interrupted);
    }

    private static PhotoOutcome Process(PhotoInference pipeline, PhotoFile photo, string outputFolder, SegmentationRequest request, MergeOptions merge,
        CancellationToken cancellationToken)
    {
        try
        {
            var bytes = PhotoReader.Read(photo.Path, pipeline.Decoder.Limits.MaxBytes);
            using var prepared = pipeline.Prepare(bytes, request);
            var result = pipeline.Run(prepared);
            var clock = Stopwatch.StartNew();
            var artifacts = SegmentationArtifacts.Build(prepared.Image, result, merge, photo.RelativePath);
            ResultFolder.WriteAsync(outputFolder, photo.OutputName, [.. artifacts.Select(a => (a.RelativePath, a.Content))], cancellationToken).GetAwaiter().GetResult();
            return new PhotoOutcome(photo, result, null, clock.Elapsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new PhotoOutcome(photo, null, PhotoFailure.Describe(ex), TimeSpan.Zero);
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
        var t = result.Timings;
        console.MarkupLineInterpolated(
            $"[green]✓ {outcome.Photo.DisplayName}[/] {result.Width}×{result.Height}: {result.Instances.Count} object(s) ({labels}) [grey]decode {Ms(t.Decode)} · prepare {Ms(t.Preprocess)} · detect {Ms(t.Detect)} · segment {Ms(t.Segment)} · masks {Ms(t.Postprocess)} · write {Ms(outcome.WriteTime)}[/]");
    }

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:0} ms";
}
