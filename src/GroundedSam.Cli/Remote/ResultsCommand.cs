using System.CommandLine;
using GroundedSam.Cli.Batches;
using GroundedSam.Inference.Outputs;
using GroundedSam.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GroundedSam.Cli.Remote;

/// <summary><c>gsam results &lt;batch&gt; --out DIR</c>: downloads every job's outputs of a submitted batch.</summary>
internal static class ResultsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var batch = new Argument<Guid>("batch") { Description = "The batch id gsam submit printed." };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the results, one sub-folder per photo.", Required = true };
        var remote = new RemoteOptions();
        var command = new Command("results", "Download the outputs of a submitted batch from S3.") { batch, output };
        remote.AddTo(command);
        command.SetAction((result, cancellationToken) => CliErrors.GuardAsync(console, () =>
            DownloadAsync(console, remote.Read(result), result.GetValue(batch), result.GetValue(output)!, cancellationToken)));
        return command;
    }

    private static async Task<int> DownloadAsync(IAnsiConsole console, IEnumerable<KeyValuePair<string, string?>> configuration, Guid batchId,
        string outputFolder, CancellationToken cancellationToken)
    {
        using var host = RemoteHost.Build(configuration, withBus: false, progress: null);
        var store = host.Services.GetRequiredService<IObjectStore>();
        var layout = host.Services.GetRequiredService<StorageLayout>();
        using var buffer = new MemoryStream();
        try
        {
            await store.GetAsync(layout.BatchManifest(batchId), buffer, cancellationToken);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new ObjectNotFoundException(ex.Missing, new InvalidOperationException($"No batch {batchId} in {layout.ResultsBucket}: check the id gsam submit printed."));
        }

        var manifest = BatchManifest.Parse(buffer.ToArray());
        var complete = 0;
        var missing = new List<string>();
        foreach (var job in manifest.Jobs)
        {
            // A job is finished when its merged mask exists: the merge stage writes it last.
            if (await store.StatAsync(layout.JobFile(job.JobId, SegmentationArtifacts.MergedMask), cancellationToken) is null)
            {
                missing.Add(job.Name);
                continue;
            }

            await JobOutputs.DownloadAsync(store, layout, job.JobId, Path.Combine(outputFolder, job.OutputName), cancellationToken);
            complete++;
        }

        console.MarkupLineInterpolated($"{complete} of {manifest.Jobs.Count} photo(s) of batch {batchId} downloaded to [blue]{outputFolder}[/].");
        if (missing.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]No merged mask yet[/] (still running, or failed: see the SegmentationFailed events) for: {string.Join(", ", missing)}");
            return ExitCodes.SomeFailed;
        }

        return ExitCodes.Success;
    }
}
