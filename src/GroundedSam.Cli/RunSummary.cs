using System.CommandLine;
using GroundedSam.Cli.Folders;

namespace GroundedSam.Cli;

/// <summary>
/// <c>--json FILE</c> of <c>run</c> and <c>segment</c>: the run for scripts, one entry per photo (its objects and labels,
/// or its failure and reason), written whole when the run ends and replacing only a summary gsam wrote.
/// </summary>
internal static class RunSummary
{
    public const string Kind = "gsam-run-summary";

    public static Option<string?> Option() => new("--json")
    {
        Description = "Also write a summary for scripts to this JSON file: each photo's objects and labels, or its failure and reason.",
    };

    /// <param name="Status"><c>ok</c>, <c>failed</c> or <c>not finished</c> (interrupted).</param>
    public sealed record Photo(string Name, string Status, int Objects, IReadOnlyList<string> Labels, string? Reason, string? Detail);

    /// <summary>A failure as the console line says it, "Reason: detail", split into its reason and detail.</summary>
    public static Photo Failed(string name, string described)
    {
        var colon = described.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !described[..colon].Contains(' ', StringComparison.Ordinal)
            ? new Photo(name, "failed", 0, [], described[..colon], described[(colon + 2)..])
            : new Photo(name, "failed", 0, [], null, described);
    }

    public static async Task WriteAsync(string path, string command, string output, IReadOnlyList<Photo> photos, int skipped, bool interrupted,
        CancellationToken cancellationToken)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await OwnedJsonFile.WriteAsync(path, Kind, new
        {
            Kind,
            Command = command,
            Out = Path.GetFullPath(output),
            Photos = photos.Count,
            Succeeded = photos.Count(p => p.Status == "ok"),
            Failed = photos.Count(p => p.Status == "failed"),
            Objects = photos.Sum(p => p.Objects),
            Skipped = skipped,
            Interrupted = interrupted,
            Results = photos,
        }, cancellationToken);
    }
}
