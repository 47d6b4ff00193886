using GroundedSam.Cli.Folders;
using GroundedSam.Pipeline.Outcomes;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// <c>{out}/failures.json</c>, written by <c>gsam results</c>: every job of the batch that ended without a mask (with
/// its reason and detail) and every job still pending, so that a script can act on them. It replaces only a
/// failures.json gsam wrote (one that says so in <c>kind</c>); anything else in its place stops the command.
/// </summary>
internal static class FailureReport
{
    public const string FileName = "failures.json";
    private const string Kind = "gsam-batch-failures";

    /// <summary>A failed or dead-lettered job as the report and <c>gsam status --json</c> describe it.</summary>
    public static object Describe(BatchStatus.Entry entry) => new
    {
        entry.Job.JobId,
        entry.Job.Name,
        entry.Job.Image,
        entry.State,
        entry.Outcome?.Reason,
        entry.Outcome?.Detail,
        entry.Outcome?.Stage,
        entry.Outcome?.ExceptionType,
        entry.Outcome?.FinishedAt,
    };

    /// <summary>Writes the report into <paramref name="folder"/>; returns its path.</summary>
    /// <exception cref="OutputConflictException">A file gsam did not write is in its place.</exception>
    public static async Task<string> WriteAsync(string folder, BatchStatus status, DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.GetFullPath(folder)).FullName, FileName);
        await OwnedJsonFile.WriteAsync(path, Kind, new
        {
            Kind,
            status.Manifest.BatchId,
            WrittenAt = writtenAt,
            Failures = status.Failures.Select(Describe),
            Pending = status.Jobs.Where(j => j.State == JobState.Pending).Select(j => new { j.Job.JobId, j.Job.Name, j.Job.Image, j.Problem }),
        }, cancellationToken);
        return path;
    }
}
