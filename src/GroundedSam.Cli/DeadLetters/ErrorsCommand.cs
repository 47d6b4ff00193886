using System.CommandLine;
using System.Text.Json;
using GroundedSam.Cli.Remote;
using GroundedSam.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace GroundedSam.Cli.DeadLetters;

/// <summary>
/// <c>gsam errors list &lt;queue&gt;</c> shows the jobs a stage gave up on (job, exception, first failure) and
/// <c>gsam errors replay &lt;queue&gt; --job ID | --all</c> sends them back to the stage, e.g. once the store that
/// failed is back or a fixed worker is deployed (<see cref="ErrorQueue"/>).
/// </summary>
internal static class ErrorsCommand
{
    private const int MessageShown = 160;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(IAnsiConsole console) => new("errors", "Dead letters: the jobs a stage gave up on after its retries, in its _error queue.")
    {
        List(console),
        Replay(console),
    };

    private static Argument<string> QueueArgument() => new("queue") { Description = "The stage's queue: segment-image or merge-masks (its _error queue is read)." };

    private static Command List(IAnsiConsole console)
    {
        var queue = QueueArgument();
        var max = new Option<int>("--max") { Description = "Most messages to show.", DefaultValueFactory = _ => 1000 };
        max.Validators.Add(r =>
        {
            if (r.GetValue(max) is < 1 or > 100_000)
            {
                r.AddError("--max takes a number from 1 to 100000.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the dead letters as one JSON document." };
        var remote = new RemoteOptions();
        var command = new Command("list", "List the dead letters of a stage: job, exception type and message, first failure time. They stay in the queue.") { queue, max, json };
        remote.AddTo(command);
        command.SetAction((result, cancellationToken) => CliErrors.GuardAsync(console, async () =>
        {
            await using var errors = await ErrorQueue.OpenAsync(Broker(remote, result), result.GetValue(queue)!, cancellationToken);
            var (letters, total) = await errors.PeekAsync(result.GetValue(max), cancellationToken);
            if (result.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new { Queue = errors.Name, Total = total, Messages = letters }, Json));
                return ExitCodes.Success;
            }

            console.MarkupLineInterpolated($"{total} message(s) in [blue]{TerminalText.Safe(errors.Name)}[/]{(letters.Count < total ? $", the first {letters.Count} shown" : string.Empty)}.");
            foreach (var letter in letters)
            {
                var first = letter.FirstFailedAt is { } at ? at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "unknown time";
                var replays = letter.Replays > 0 ? $", replayed {letter.Replays}×" : string.Empty;
                console.MarkupLineInterpolated($"  {(letter.JobId is { } id ? id.ToString() : "(no job id)")}  first failed {first}{replays}");
                console.MarkupLineInterpolated($"      {TerminalText.Safe(letter.ExceptionType ?? "(no fault headers)")}: {Cut(letter.ExceptionMessage)}");
            }

            if (total > 0)
            {
                console.MarkupLineInterpolated($"Send them back with: gsam errors replay {TerminalText.Safe(errors.Queue)} --all (or --job ID)");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Replay(IAnsiConsole console)
    {
        var queue = QueueArgument();
        // Text, checked here: System.CommandLine converts a list's items only when it is read, so a bad id would surface late.
        var jobs = new Option<string[]>("--job") { Description = "A job to send back (repeatable).", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Send back every dead letter of the stage." };
        var remote = new RemoteOptions();
        var command = new Command("replay", "Move dead letters back to their stage's queue, to run again.") { queue, jobs, all };
        remote.AddTo(command);
        command.Validators.Add(r =>
        {
            var given = r.GetValue(jobs) ?? [];
            if (r.GetValue(all) == given.Length > 0)
            {
                r.AddError("Give either --job ID (one or more) or --all.");
            }

            foreach (var id in given.Where(id => !Guid.TryParse(id, out _)))
            {
                r.AddError($"'{id}' for --job is not an id such as 0b6f6e8e-3c55-4c38-9f5d-2f7b3f0c8a11.");
            }
        });
        command.SetAction((result, cancellationToken) => CliErrors.GuardAsync(console, async () =>
        {
            var wanted = result.GetValue(jobs) is { Length: > 0 } ids ? ids.Select(Guid.Parse).ToHashSet() : null;
            await using var errors = await ErrorQueue.OpenAsync(Broker(remote, result), result.GetValue(queue)!, cancellationToken);
            var (moved, left) = await errors.ReplayAsync(letter => wanted is null || letter.JobId is { } id && wanted.Contains(id), cancellationToken);
            console.MarkupLineInterpolated($"Moved {moved.Count} message(s) from {TerminalText.Safe(errors.Name)} back to [blue]{TerminalText.Safe(errors.Queue)}[/]; {left} left there.");
            var missing = wanted?.Where(id => !moved.Any(m => m.JobId == id)).ToList() ?? [];
            foreach (var id in missing)
            {
                console.MarkupLineInterpolated($"[yellow]No dead letter of job {id}[/] in {TerminalText.Safe(errors.Name)}.");
            }

            return missing.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
        }));
        return command;
    }

    private static RabbitMqOptions Broker(RemoteOptions remote, ParseResult result) =>
        new ConfigurationBuilder().AddInMemoryCollection(remote.Read(result)).Build().GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();

    private static string Cut(string? text)
    {
        var safe = TerminalText.Safe(text ?? string.Empty);
        return safe.Length > MessageShown ? safe[..MessageShown] + "…" : safe;
    }
}
