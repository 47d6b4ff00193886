using System.Text.Json;
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
    private const long MaxExistingBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

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
        CheckReplaceable(path);
        var document = new
        {
            Kind,
            status.Manifest.BatchId,
            WrittenAt = writtenAt,
            Failures = status.Failures.Select(Describe),
            Pending = status.Jobs.Where(j => j.State == JobState.Pending).Select(j => new { j.Job.JobId, j.Job.Name, j.Job.Image, j.Problem }),
        };
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, document, Json, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }

    private static void CheckReplaceable(string path)
    {
        var existing = new FileInfo(path);
        if (existing.LinkTarget is null && !existing.Exists && !Directory.Exists(path))
        {
            return;
        }

        // Size 0 is never opened: a FIFO or device reports it, and would block or never end.
        if (existing.LinkTarget is not null || !existing.Exists || existing.Length is 0 or > MaxExistingBytes || !IsOurs(path))
        {
            throw new OutputConflictException($"{TerminalText.Safe(path)} exists and was not written by gsam: move it away or choose another --out.");
        }
    }

    private static bool IsOurs(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("kind", out var kind) && kind.ValueEquals(Kind);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
