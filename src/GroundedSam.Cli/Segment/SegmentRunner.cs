using System.Diagnostics;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Masks;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference.Outputs;
using GroundedSam.Inference.Pipeline;
using GroundedSam.Inference.Sam2;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;

namespace GroundedSam.Cli.Segment;

/// <summary>
/// <c>gsam segment</c>: every photo through Grounding DINO and SAM 2 in this process, its files written to
/// <c>{out}/{photo}/</c>. A bad photo is reported by name and the rest go on; the exit code says whether any failed.
/// </summary>
internal sealed class SegmentRunner(IAnsiConsole console, ILoggerFactory logs)
{
    public int Run(string input, string outputFolder, ModelPaths models, ExecutionOptions execution,
        SegmentationRequest request, MergeOptions merge, CancellationToken cancellationToken)
    {
        var (photos, skipped) = PhotoSet.Find(input);
        if (photos.Count == 0)
        {
            console.MarkupLineInterpolated($"[red]No photos in {input}[/] (looked for .jpg, .jpeg, .png and .webp files; {skipped} other files skipped).");
            return ExitCodes.Unusable;
        }

        models.EnsureExist();
        var sessions = new OnnxSessionFactory(execution, logs.CreateLogger<OnnxSessionFactory>());
        using var detector = GroundingDinoDetector.Open(models.GroundingDino, models.Vocabulary, sessions);
        using var segmenter = Sam2Segmenter.Open(models.Sam2Encoder, models.Sam2Decoder, sessions);
        var pipeline = new GroundedSegmenter(detector, segmenter, new PhotoDecoder());
        console.MarkupLineInterpolated($"Models from [blue]{models.Folder}[/] on [blue]{sessions.Provider}[/]; {photos.Count} photo(s), prompt [green]\"{Prompt.Parse(request.Prompt).Caption}\"[/].");

        Directory.CreateDirectory(outputFolder);
        var outcomes = new List<PhotoOutcome>();
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Segmenting", maxValue: photos.Count);
                foreach (var photo in photos)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    task.Description = Markup.Escape(photo.DisplayName);
                    var outcome = Process(pipeline, photo, outputFolder, request, merge);
                    outcomes.Add(outcome);
                    Report(outcome);
                    task.Increment(1);
                }

                task.Description = "Done";
            });

        var failed = outcomes.Count(o => o.Failed);
        var objects = outcomes.Sum(o => o.Result?.Instances.Count ?? 0);
        console.MarkupLineInterpolated($"{outcomes.Count - failed} of {outcomes.Count} photo(s) segmented, {objects} object(s); results in [blue]{outputFolder}[/].");
        if (skipped > 0)
        {
            console.MarkupLineInterpolated($"[grey]{skipped} file(s) skipped: not photos by their extension.[/]");
        }

        if (failed > 0)
        {
            console.MarkupLineInterpolated($"[red]{failed} photo(s) failed:[/] {string.Join(", ", outcomes.Where(o => o.Failed).Select(o => o.Photo.DisplayName))}");
            return ExitCodes.SomeFailed;
        }

        return ExitCodes.Success;
    }

    private static PhotoOutcome Process(GroundedSegmenter pipeline, PhotoFile photo, string outputFolder, SegmentationRequest request, MergeOptions merge)
    {
        try
        {
            var bytes = File.ReadAllBytes(photo.Path);
            using var prepared = pipeline.Prepare(bytes, request);
            var result = pipeline.Run(prepared);
            var clock = Stopwatch.StartNew();
            var artifacts = SegmentationArtifacts.Build(prepared.Image, result, merge, photo.DisplayName);
            Write(Path.Combine(outputFolder, photo.OutputName), artifacts);
            return new PhotoOutcome(photo, result, null, clock.Elapsed);
        }
        catch (ImageRejectedException ex)
        {
            return new PhotoOutcome(photo, null, $"{ex.Problem}: {ex.Message}", TimeSpan.Zero);
        }
        catch (IOException ex)
        {
            return new PhotoOutcome(photo, null, $"cannot read or write: {ex.Message}", TimeSpan.Zero);
        }
        catch (UnauthorizedAccessException ex)
        {
            return new PhotoOutcome(photo, null, $"permission denied: {ex.Message}", TimeSpan.Zero);
        }
        catch (OnnxRuntimeException ex)
        {
            return new PhotoOutcome(photo, null, $"the model failed on this photo: {ex.Message}", TimeSpan.Zero);
        }
    }

    // A photo's folder holds exactly this run's files: stale masks of an earlier run with more instances would lie.
    private static void Write(string folder, IReadOnlyList<OutputArtifact> artifacts)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        foreach (var artifact in artifacts)
        {
            var path = Path.Combine(folder, artifact.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, artifact.Content);
        }
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
            : string.Join(", ", result.Instances.GroupBy(i => i.Label).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}"));
        var t = result.Timings;
        console.MarkupLineInterpolated(
            $"[green]✓ {outcome.Photo.DisplayName}[/] {result.Width}×{result.Height}: {result.Instances.Count} object(s) ({labels}) [grey]decode {Ms(t.Decode)} · prepare {Ms(t.Preprocess)} · detect {Ms(t.Detect)} · segment {Ms(t.Segment)} · masks {Ms(t.Postprocess)} · write {Ms(outcome.WriteTime)}[/]");
    }

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:0} ms";
}
