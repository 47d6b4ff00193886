using System.CommandLine;
using GroundedSam.Cli.Batches;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GroundedSam.Cli.Remote;

/// <summary>
/// <c>gsam cancel &lt;batch&gt;</c>: marks a submitted batch cancelled (<see cref="BatchCancellation"/>). The jobs
/// still queued end in <c>SegmentationFailed</c> with reason <c>Cancelled</c> as the workers take them, without running
/// the models; jobs already running finish. Submitting the batch again (<c>--batch</c>) runs it anew.
/// </summary>
internal static class CancelCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var batch = new Argument<Guid>("batch") { Description = "The batch id gsam submit printed." };
        var remote = new RemoteOptions();
        var command = new Command("cancel", "Cancel a submitted batch: its queued jobs end as Cancelled without running the models.") { batch };
        remote.AddTo(command);
        command.SetAction((result, cancellationToken) => CliErrors.GuardAsync(console, async () =>
        {
            using var host = RemoteHost.Build(remote.Read(result), withBus: false, progress: null);
            var store = host.Services.GetRequiredService<IObjectStore>();
            var layout = host.Services.GetRequiredService<StorageLayout>();
            var batchId = result.GetValue(batch);

            // The manifest first: a mistyped id is named, not marked. Its submission time is the cut-off, from the same
            // clock as the jobs' own (this machine's may differ): every job submitted so far is cancelled, a later
            // submission of the batch runs.
            var manifest = await BatchManifest.ReadAsync(store, layout, batchId, cancellationToken);
            await new BatchCancellation(store, layout, TimeProvider.System).CancelAsync(batchId, manifest.SubmittedAt, cancellationToken);
            var status = await BatchStatus.ReadAsync(store, layout, manifest, cancellationToken);
            var pending = status.Count(JobState.Pending);
            var ended = status.Jobs.Count - pending;
            var within = BatchCancellation.RecheckAfter.TotalSeconds;
            console.MarkupLineInterpolated(
                $"Batch [blue]{batchId}[/] cancelled: its {pending} pending job(s) end as Cancelled as the workers take them (within {within:0} s); {ended} had already ended, and jobs running now finish.");
            console.MarkupLineInterpolated($"Follow it with: gsam status {batchId}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
