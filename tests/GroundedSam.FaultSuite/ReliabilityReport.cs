using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace GroundedSam.FaultSuite;

/// <summary>The results as the Markdown page docs/reliability.md, with the command and the machine that produced them.</summary>
internal static class ReliabilityReport
{
    private const string Begin = "<!-- fault-suite figures: written by the command below; edit outside these markers -->";
    private const string End = "<!-- end of fault-suite figures -->";

    /// <summary>The page with its figures replaced: text outside the markers is kept as written.</summary>
    public static string Merge(string? page, string figures)
    {
        var block = $"{Begin}\n{figures}{End}\n";
        if (page is null || page.IndexOf(Begin, StringComparison.Ordinal) is var start && start < 0 || page.IndexOf(End, StringComparison.Ordinal) is var end && end < 0)
        {
            return $"# Reliability: the fault suite\n\n{block}";
        }

        return page[..start] + block + "\n" + page[(end + End.Length)..].TrimStart('\n');
    }

    public static string Write(IReadOnlyList<ScenarioResult> results, string command, int jobs)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"Command: `{command}`  ");
        text.AppendLine(culture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; RabbitMQ and the S3 server on loopback.");
        text.AppendLine();
        text.AppendLine(culture, $"""
            Each scenario runs {jobs} jobs on a fresh fleet: 3 segmentation and 2 merge worker processes (the programs the
            fleet runs, from their build output; tiny models on CPU), each reaching the broker and S3 through a TCP proxy
            that the scenario can cut or freeze without touching the shared services, and a supervisor that starts an
            ended worker again within a second, as Kubernetes would. Jobs are published at a steady pace, one in ten as
            raw JSON from a plain AMQP client; about one in fifty photos is unreadable and must end in
            `SegmentationFailed`. A job is **lost** when it has no terminal event once the run settles; **duplicates** are
            terminal events beyond one per job; **wrong** counts jobs that ended otherwise than their photo deserves;
            **incomplete** counts `InpaintReady` jobs missing a file (detections.json, a mask it lists, the merged mask,
            the overlay); **left** counts messages in any queue of the run, error queues included, once settled;
            **recovery** is the longest time from the end of a fault to the next job ending.
            """);
        text.AppendLine();
        text.AppendLine("| scenario | fault | jobs | lost | duplicates (per 1,000) | wrong | incomplete | left in queues | faults | restarts | recovery s | run s |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(culture, $"| {r.Scenario} | {r.Description} | {r.Sent} | **{r.Lost}** | {r.Duplicates} ({r.DuplicatesPerThousand:0.#}) | {r.WrongOutcome} | {r.Incomplete} | {r.LeftInQueues} | {r.Faults} | {r.Restarts} | {(r.Recovery is { } t ? t.TotalSeconds.ToString("0.0", culture) : "–")} | {r.Duration.TotalSeconds:0} |");
        }

        var problems = results.Where(r => r.Problems.Count > 0).ToList();
        if (problems.Count > 0)
        {
            text.AppendLine().AppendLine("## Problems seen").AppendLine();
            foreach (var r in problems)
            {
                text.AppendLine(culture, $"- {r.Scenario}: {string.Join("; ", r.Problems.Take(10))}");
            }
        }

        return text.ToString();
    }
}
