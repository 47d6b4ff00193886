using System.CommandLine;
using System.Text.Json;
using GroundedSam.Cli.Batches;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GroundedSam.Cli.Remote;

/// <summary>
/// <c>gsam status &lt;batch&gt; [--json]</c>: how many jobs of a submitted batch succeeded, failed (by reason), were
/// dead-lettered or are still pending, the slowest jobs and the failures, read from the store long after
/// <c>submit --wait</c> has gone.
/// </summary>
internal static class StatusCommand
{
    /// <summary>Failures printed as text; <c>--json</c> and <c>results</c>' failures.json list them all.</summary>
    private const int FailuresShown = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(IAnsiConsole console)
    {
        var batch = new Argument<Guid>("batch") { Description = "The batch id gsam submit printed." };
        var json = new Option<bool>("--json") { Description = "Print the status as one JSON document (every failure, every count) instead of text." };
        var slowest = new Option<int>("--slowest") { Description = "How many of the slowest jobs to list.", DefaultValueFactory = _ => 5 };
        slowest.Validators.Add(r =>
        {
            if (r.GetValue(slowest) is < 0 or > 1000)
            {
                r.AddError("--slowest takes a number from 0 to 1000.");
            }
        });
        var remote = new RemoteOptions();
        var command = new Command("status", "Show how the jobs of a submitted batch stand: succeeded, failed by reason, dead-lettered, pending.") { batch, json, slowest };
        remote.AddTo(command);
        command.SetAction((result, cancellationToken) => CliErrors.GuardAsync(console, async () =>
        {
            using var host = RemoteHost.Build(remote.Read(result), withBus: false, progress: null);
            var status = await BatchStatus.ReadAsync(host.Services.GetRequiredService<IObjectStore>(), host.Services.GetRequiredService<StorageLayout>(),
                result.GetValue(batch), cancellationToken);
            if (result.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(ToDocument(status, result.GetValue(slowest)), Json));
            }
            else
            {
                Print(console, status, result.GetValue(slowest));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, BatchStatus status, int slowest)
    {
        var manifest = status.Manifest;
        console.MarkupLineInterpolated($"Batch [blue]{manifest.BatchId}[/]: {manifest.Jobs.Count} job(s), submitted {manifest.SubmittedAt:u}, prompt \"{TerminalText.Safe(manifest.Prompt)}\".");
        if (status.CancelledAt is { } cancelledAt)
        {
            console.MarkupLineInterpolated($"[yellow]Cancelled[/]{(cancelledAt == DateTimeOffset.MaxValue ? string.Empty : $" at {cancelledAt:u}")}: jobs that had not run end as Cancelled.");
        }

        console.MarkupLineInterpolated($"  succeeded      {status.Count(JobState.Succeeded),6}");
        console.MarkupLineInterpolated($"  failed         {status.Count(JobState.Failed),6}");
        console.MarkupLineInterpolated($"  dead-lettered  {status.Count(JobState.DeadLettered),6}");
        console.MarkupLineInterpolated($"  pending        {status.Count(JobState.Pending),6}");
        foreach (var (reason, count) in status.FailuresByReason)
        {
            console.MarkupLineInterpolated($"  {reason}: {count}");
        }

        var slow = status.Slowest(slowest);
        if (slow.Count > 0)
        {
            console.MarkupLine("Slowest jobs (time in the stages):");
            foreach (var entry in slow)
            {
                console.MarkupLineInterpolated($"  {entry.Outcome!.ProcessingMs,10:N0} ms  {entry.Name} ({entry.Outcome.InstanceCount} object(s))");
            }
        }

        var failures = status.Failures.ToList();
        foreach (var entry in failures.Take(FailuresShown))
        {
            var outcome = entry.Outcome!;
            var what = entry.State == JobState.DeadLettered ? $"dead-lettered in {TerminalText.Safe(outcome.Stage)} ({TerminalText.Safe(outcome.ExceptionType)})" : outcome.Reason.ToString();
            console.MarkupLineInterpolated($"[red]✗ {entry.Name}[/]: {what}: {TerminalText.Safe(outcome.Detail)}");
        }

        if (failures.Count > FailuresShown)
        {
            console.MarkupLineInterpolated($"… and {failures.Count - FailuresShown} more failure(s): gsam status {manifest.BatchId} --json lists them all.");
        }

        if (failures.Any(f => f.State == JobState.DeadLettered))
        {
            console.MarkupLine("Dead-lettered jobs wait in their stage's _error queue: gsam errors list segment-image (or merge-masks), then gsam errors replay.");
        }

        foreach (var entry in status.Jobs.Where(j => j.Problem is not null))
        {
            console.MarkupLineInterpolated($"[yellow]{entry.Name}[/]: outcome not read: {entry.Problem}");
        }
    }

    private static object ToDocument(BatchStatus status, int slowest) => new
    {
        status.Manifest.BatchId,
        status.Manifest.Prompt,
        status.Manifest.SubmittedAt,
        status.CancelledAt,
        Jobs = status.Manifest.Jobs.Count,
        Counts = Enum.GetValues<JobState>().ToDictionary(s => s.ToString(), status.Count),
        FailuresByReason = status.FailuresByReason.ToDictionary(f => f.Reason, f => f.Count),
        Slowest = status.Slowest(slowest).Select(e => new { e.Job.JobId, e.Job.Name, e.Outcome!.ProcessingMs, e.Outcome.InstanceCount }),
        Failures = status.Failures.Select(FailureReport.Describe),
        Pending = status.Jobs.Where(j => j.State == JobState.Pending).Select(j => new { j.Job.JobId, j.Job.Name, j.Problem }),
    };
}
