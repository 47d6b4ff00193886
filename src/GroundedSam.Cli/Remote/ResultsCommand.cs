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
            var prefix = StorageLayout.JobPrefix(job.JobId);
            var objects = new List<ObjectInfo>();
            await foreach (var item in store.ListAsync(layout.ResultsBucket, prefix, cancellationToken))
            {
                objects.Add(item);
            }

            if (!objects.Any(o => o.Ref.Key.EndsWith("/" + SegmentationArtifacts.MergedMask, StringComparison.Ordinal)))
            {
                missing.Add(job.Name);
                continue;
            }

            var folder = Path.Combine(outputFolder, job.OutputName);
            foreach (var item in objects)
            {
                var path = Path.Combine(folder, item.Ref.Key[prefix.Length..]);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await using var file = File.Create(path);
                await store.GetAsync(item.Ref, file, cancellationToken);
            }

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
