using System.CommandLine;
using GroundedSam.Inference.Models;
using Spectre.Console;

namespace GroundedSam.Cli.Run;

/// <summary><c>gsam run &lt;folder&gt; --prompt … --out DIR</c>: the whole pipeline in this process.</summary>
internal static class RunCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Argument<string>("input") { Description = "A photo, or a folder of photos (searched recursively)." };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the results, one sub-folder per photo.", Required = true };
        var models = new ModelOptions();
        var job = new JobOptions();
        var json = RunSummary.Option();
        var command = new Command("run", "Run the pipeline (segmentation, mask merge) in this process on the in-memory bus and a folder store: " +
            "per-instance masks, per-label masks, merged-mask.png, detections.json and an overlay per photo.")
        {
            input,
            output,
            json,
        };
        job.AddTo(command);
        models.AddTo(command);
        command.SetAction((result, cancellationToken) => CliErrors.GuardAsync(console, () =>
            new EmbeddedRun(console).RunAsync(result, result.GetValue(input)!, result.GetValue(output)!,
                new ModelPaths(result.GetValue(models.Models)!), models.Execution(result), job, result.GetValue(json), cancellationToken)));
        return command;
    }
}
