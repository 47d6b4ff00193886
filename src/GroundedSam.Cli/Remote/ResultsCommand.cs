using GroundedSam.Contracts;
using System.CommandLine;
using System.Text.Json;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Folders;
using GroundedSam.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GroundedSam.Cli.Remote;

/// <summary>
/// <c>gsam results &lt;batch&gt; --out DIR</c>: downloads every job's outputs of a submitted batch. The batch
/// manifest and the objects come from the store and are not trusted: folder names are derived here
/// (<see cref="OutputNames"/>), keys are checked before any file is created, and a bad job is named while the rest go on.
/// </summary>
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
        var manifest = await ReadManifestAsync(store, layout, batchId, cancellationToken);
        var names = OutputNames.Assign([.. manifest.Jobs.Select(j => j.Name)]);
        var complete = 0;
        var missing = new List<string>();
        var failed = new List<string>();
        for (var i = 0; i < manifest.Jobs.Count; i++)
        {
            var job = manifest.Jobs[i];
            var name = TerminalText.Safe(job.Name);

            // A job is finished when its merged mask exists: the merge stage writes it last.
            if (await store.StatAsync(layout.JobFile(job.JobId, JobFiles.MergedMask), cancellationToken) is null)
            {
                missing.Add(name);
                continue;
            }

            try
            {
                var (_, leftOut) = await JobOutputs.DownloadAsync(store, layout, job.JobId, outputFolder, names[i], cancellationToken);
                foreach (var note in leftOut)
                {
                    console.MarkupLineInterpolated($"[yellow]{name}[/]: left out {note}");
                }

                complete++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                console.MarkupLineInterpolated($"[red]✗ {name}[/]: {TerminalText.Safe(ex.Message)}");
                failed.Add(name);
            }
        }

        console.MarkupLineInterpolated($"{complete} of {manifest.Jobs.Count} photo(s) of batch {batchId} downloaded to [blue]{TerminalText.Safe(outputFolder)}[/].");
        if (missing.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]No merged mask yet[/] (still running, or failed: see the SegmentationFailed events) for: {string.Join(", ", missing)}");
        }

        return missing.Count > 0 || failed.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }

    private static async Task<BatchManifest> ReadManifestAsync(IObjectStore store, StorageLayout layout, Guid batchId, CancellationToken cancellationToken)
    {
        var key = layout.BatchManifest(batchId);
        var info = await store.StatAsync(key, cancellationToken)
            ?? throw new ObjectNotFoundException(key, new InvalidOperationException($"No batch {batchId} in {layout.ResultsBucket}: check the id gsam submit printed."));
        if (info.Size > BatchManifest.MaxBytes)
        {
            throw new InvalidDataException($"The manifest of batch {batchId} is {info.Size:N0} bytes, over the {BatchManifest.MaxBytes:N0}-byte limit.");
        }

        var json = await store.ReadBytesAsync(key, info.Size, cancellationToken);
        try
        {
            var manifest = BatchManifest.Parse(json);
            return manifest.BatchId == batchId ? manifest
                : throw new InvalidDataException($"The manifest at {key} belongs to batch {manifest.BatchId}, not {batchId}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The manifest of batch {batchId} is not valid: {ex.Message}", ex);
        }
    }
}
