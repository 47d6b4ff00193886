using System.CommandLine;
using GroundedSam.Inference.Models;
using Spectre.Console;

namespace GroundedSam.Cli.Segment;

/// <summary><c>gsam segment &lt;photo|folder&gt; --prompt … --out DIR</c>.</summary>
internal static class SegmentCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Argument<string>("input") { Description = "A photo, or a folder of photos (searched recursively)." };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the results, one sub-folder per photo.", Required = true };
        var models = new ModelOptions();
        var job = new JobOptions();
        var json = RunSummary.Option();
        var command = new Command("segment", "Segment photos on this machine: per-instance masks, per-label masks, the merged mask, detections.json and an overlay.")
        {
            input,
            output,
            json,
        };
        job.AddTo(command);
        models.AddTo(command);
        // On a worker thread, so that Ctrl-C (the token) reaches the loop while it runs.
        command.SetAction((result, cancellationToken) => Task.Run(() => CliErrors.GuardAsync(console, () =>
        {
            var (request, merge) = job.Read(result);
            JobOptions.PrintWarnings(console, request, merge);
            return new SegmentRunner(console).RunAsync(result.GetValue(input)!, result.GetValue(output)!,
                new ModelPaths(result.GetValue(models.Models)!), models.Execution(result), request, merge, result.GetValue(json), cancellationToken);
        }), CancellationToken.None));
        return command;
    }
}
