using System.Text.Json;

namespace GroundedSam.Cli.Folders;

/// <summary>
/// A JSON file gsam writes beside the results (failures.json, a run's summary): written whole (beside its place, then
/// renamed), and replacing only a file gsam wrote, one whose <c>kind</c> says so. A symbolic link, a FIFO, a device,
/// a folder or anyone else's file in its place stops the command instead.
/// </summary>
internal static class OwnedJsonFile
{
    private const long MaxExistingBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="document">Serialized camelCase; it should carry <paramref name="kind"/> as its <c>kind</c>.</param>
    /// <exception cref="OutputConflictException">A file gsam did not write is in its place.</exception>
    public static async Task WriteAsync(string path, string kind, object document, CancellationToken cancellationToken)
    {
        CheckReplaceable(path, kind);
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
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
    }

    private static void CheckReplaceable(string path, string kind)
    {
        var existing = new FileInfo(path);
        if (existing.LinkTarget is null && !existing.Exists && !Directory.Exists(path))
        {
            return;
        }

        // Size 0 is never opened: a FIFO or device reports it, and would block or never end.
        if (existing.LinkTarget is not null || !existing.Exists || existing.Length is 0 or > MaxExistingBytes || !IsOurs(path, kind))
        {
            throw new OutputConflictException($"{TerminalText.Safe(path)} exists and was not written by gsam: move it away or choose another path.");
        }
    }

    private static bool IsOurs(string path, string kind)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("kind", out var value) && value.ValueEquals(kind);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
