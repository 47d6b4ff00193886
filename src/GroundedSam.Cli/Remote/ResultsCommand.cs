using System.CommandLine;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Folders;
using GroundedSam.Cli.Viewer;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GroundedSam.Cli.Remote;

/// <summary>
/// <c>gsam results &lt;batch&gt; --out DIR</c>: downloads every job's outputs of a submitted batch. The batch
/// manifest and the objects come from the store and are not trusted: folder names are derived here
/// (<see cref="OutputNames"/>), keys are checked before any file is created, and a bad job is named while the rest go on.
/// Which jobs succeeded comes from their stored outcomes (<see cref="BatchStatus"/>); the others are listed in
/// <c>failures.json</c> (<see cref="FailureReport"/>).
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
        var status = await BatchStatus.ReadAsync(store, layout, batchId, cancellationToken);
        var jobs = status.Manifest.Jobs;
        var names = OutputNames.Assign([.. jobs.Select(j => j.Name)]);
        var complete = 0;
        var failed = new List<string>();
        var viewer = new ResultsPage.Photo[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            var entry = status.Jobs[i];
            viewer[i] = entry.State switch
            {
                JobState.Pending => new ResultsPage.Photo(entry.Name, null, "pending", null, entry.Problem),
                JobState.DeadLettered => new ResultsPage.Photo(entry.Name, null, "dead-lettered", entry.Outcome?.Reason.ToString(), entry.Outcome?.Detail),
                _ => new ResultsPage.Photo(entry.Name, null, "failed", entry.Outcome?.Reason.ToString(), entry.Outcome?.Detail),
            };
            if (entry.State != JobState.Succeeded)
            {
                continue;
            }

            try
            {
                var (_, leftOut) = await JobOutputs.DownloadAsync(store, layout, entry.Job.JobId, outputFolder, names[i], cancellationToken);
                foreach (var note in leftOut)
                {
                    console.MarkupLineInterpolated($"[yellow]{entry.Name}[/]: left out {note}");
                }

                complete++;
                viewer[i] = new ResultsPage.Photo(entry.Name, names[i], "ok");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                console.MarkupLineInterpolated($"[red]✗ {entry.Name}[/]: {TerminalText.Safe(ex.Message)}");
                failed.Add(entry.Name);
                viewer[i] = new ResultsPage.Photo(entry.Name, null, "failed", "ResultsNotWritten", ex.Message);
            }
        }

        var report = await FailureReport.WriteAsync(outputFolder, status, TimeProvider.System.GetUtcNow(), cancellationToken);
        console.MarkupLineInterpolated($"{complete} of {jobs.Count} photo(s) of batch {batchId} downloaded to [blue]{TerminalText.Safe(outputFolder)}[/].");
        foreach (var entry in status.Failures)
        {
            var outcome = entry.Outcome!;
            console.MarkupLineInterpolated($"[red]✗ {entry.Name}[/]: {(entry.State == JobState.DeadLettered ? "dead-lettered" : outcome.Reason.ToString())}: {TerminalText.Safe(outcome.Detail)}");
        }

        var pending = status.Jobs.Where(j => j.State == JobState.Pending).Select(j => j.Name).ToList();
        if (pending.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]Still pending[/] (queued or running; gsam status {batchId} follows them): {string.Join(", ", pending)}");
        }

        console.MarkupLineInterpolated($"Failed and pending jobs are listed in [blue]{TerminalText.Safe(report)}[/].");
        await ResultsPage.WriteAndReportAsync(console, outputFolder, $"gsam results {batchId}", viewer);
        return complete == jobs.Count ? ExitCodes.Success : ExitCodes.SomeFailed;
    }
}
