using GroundedSam.Contracts;
using Spectre.Console;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// The progress bar and the per-photo lines while a batch runs, shared by <c>gsam run</c> and <c>gsam submit --wait</c>.
/// Events arrive on the bus's threads; they are queued and printed from the console's own loop.
/// </summary>
/// <param name="names">Each job's photo, already safe to print.</param>
internal sealed class BatchReporter(IAnsiConsole console, BatchProgress progress, IReadOnlyDictionary<Guid, string> names)
{
    /// <summary>Waits until every job has ended; Ctrl-C ends the wait with <see cref="OperationCanceledException"/>.</summary>
    /// <param name="producer">The task still sending jobs, if any: its failure ends the wait with its exception.</param>
    public async Task WaitAsync(CancellationToken cancellationToken, Task? producer = null)
    {
        var printed = 0;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Batch", maxValue: progress.Total);
                while (true)
                {
                    var done = progress.Completed.IsCompleted;
                    foreach (var (jobId, outcome) in progress.InOrder.Skip(printed))
                    {
                        Print(jobId, outcome);
                        task.Increment(1);
                        printed++;
                    }

                    if (done)
                    {
                        break;
                    }

                    await Task.WhenAny(progress.Completed, Task.Delay(200, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                    if (producer is { IsFaulted: true })
                    {
                        await producer;
                    }
                }
            });
    }

    /// <summary>Prints the totals; returns the exit code.</summary>
    /// <param name="interrupted">Ctrl-C ended the wait: jobs without an outcome are counted as not finished.</param>
    public int Summarize(bool interrupted = false)
    {
        var failed = progress.Outcomes.Values.OfType<SegmentationFailed>().ToList();
        var faulted = progress.Outcomes.Where(o => o.Value is JobFaulted).ToList();
        var ready = progress.Outcomes.Values.OfType<InpaintReady>().ToList();
        var total = progress.Total;
        var unfinished = progress.Total - progress.Ended;
        if (interrupted)
        {
            console.MarkupLineInterpolated($"[yellow]Interrupted[/]: {ready.Count} of {total} photo(s) ready for inpainting, {failed.Count + faulted.Count} failed, {unfinished} not finished.");
        }
        else
        {
            console.MarkupLineInterpolated($"{ready.Count} of {total} photo(s) ready for inpainting, {ready.Sum(r => r.InstanceCount)} object(s); {failed.Count + faulted.Count} failed.");
        }

        foreach (var group in failed.GroupBy(f => f.Reason))
        {
            console.MarkupLineInterpolated($"[red]{group.Key}[/]: {string.Join(", ", group.Select(f => Name(f.JobId)))}");
        }

        if (faulted.Count > 0)
        {
            console.MarkupLineInterpolated($"[red]Faulted after retries[/] (in the stage's _error queue; see the worker log): {string.Join(", ", faulted.Select(f => Name(f.Key)))}");
        }

        return interrupted ? ExitCodes.Interrupted
            : failed.Count + faulted.Count > 0 ? ExitCodes.SomeFailed
            : ExitCodes.Success;
    }

    private void Print(Guid jobId, object outcome)
    {
        switch (outcome)
        {
            case InpaintReady ready:
                var labels = ready.InstanceCount == 0 ? "nothing found" : string.Join(", ", ready.Labels.Select(TerminalText.Label));
                var timings = progress.Timings.TryGetValue(ready.JobId, out var t) ? " " + StageTimingsText.Format(t, merge: null, TimeSpan.FromMilliseconds(t.UploadMs)) : string.Empty;
                console.MarkupLineInterpolated($"[green]✓ {Name(ready.JobId)}[/] {ready.Width}×{ready.Height}: {ready.InstanceCount} object(s) ({labels}), mask covers {ready.Coverage:P1}[grey]{timings}[/]");
                break;
            case SegmentationFailed failed:
                console.MarkupLineInterpolated($"[red]✗ {Name(failed.JobId)}[/]: {failed.Reason}: {TerminalText.Safe(failed.Detail)}");
                break;
            case JobFaulted faulted:
                console.MarkupLineInterpolated($"[red]✗ {Name(jobId)}[/]: faulted in the {faulted.Stage} stage after retries: {TerminalText.Safe(faulted.Error)}");
                break;
        }
    }

    private string Name(Guid jobId) => names.TryGetValue(jobId, out var name) ? name : jobId.ToString("N");
}
