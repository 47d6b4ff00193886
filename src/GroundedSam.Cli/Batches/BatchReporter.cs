using System.Collections.Concurrent;
using GroundedSam.Contracts;
using Spectre.Console;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// The progress bar and the per-photo lines while a batch runs, shared by <c>gsam run</c> and <c>gsam submit --wait</c>.
/// Events arrive on the bus's threads; they are queued and printed from the console's own loop.
/// </summary>
internal sealed class BatchReporter(IAnsiConsole console, BatchProgress progress, IReadOnlyDictionary<Guid, string> names)
{
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var ended = new ConcurrentQueue<object>();
        progress.JobEnded += ended.Enqueue;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Batch", maxValue: progress.Total);
                while (true)
                {
                    var done = progress.Completed.IsCompleted;
                    while (ended.TryDequeue(out var outcome))
                    {
                        Print(outcome);
                        task.Increment(1);
                    }

                    if (done)
                    {
                        break;
                    }

                    await Task.WhenAny(progress.Completed, Task.Delay(200, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                }
            });
    }

    /// <summary>Prints the totals; returns the exit code.</summary>
    public int Summarize()
    {
        var failed = progress.Outcomes.Values.OfType<SegmentationFailed>().ToList();
        var ready = progress.Outcomes.Values.OfType<InpaintReady>().ToList();
        console.MarkupLineInterpolated($"{ready.Count} of {progress.Total} photo(s) ready for inpainting, {ready.Sum(r => r.InstanceCount)} object(s); {failed.Count} failed.");
        foreach (var group in failed.GroupBy(f => f.Reason))
        {
            console.MarkupLineInterpolated($"[red]{group.Key}[/]: {string.Join(", ", group.Select(f => Name(f.JobId)))}");
        }

        return failed.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }

    private void Print(object outcome)
    {
        switch (outcome)
        {
            case InpaintReady ready:
                var labels = ready.InstanceCount == 0 ? "nothing found" : string.Join(", ", ready.Labels);
                console.MarkupLineInterpolated($"[green]✓ {Name(ready.JobId)}[/] {ready.Width}×{ready.Height}: {ready.InstanceCount} object(s) ({labels}), mask covers {ready.Coverage:P1}");
                break;
            case SegmentationFailed failed:
                console.MarkupLineInterpolated($"[red]✗ {Name(failed.JobId)}[/]: {failed.Reason}: {failed.Detail}");
                break;
        }
    }

    private string Name(Guid jobId) => names.TryGetValue(jobId, out var name) ? name : jobId.ToString("N");
}
