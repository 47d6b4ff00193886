namespace GroundedSam.Cli.Folders;

/// <summary>
/// A file gsam writes beside the results (failures.json, a run's summary, the viewer's index.html): written whole
/// (beside its place, then renamed), and replacing only a file gsam wrote, one its owner recognises by its content.
/// A symbolic link, a FIFO, a device, a folder or anyone else's file in its place stops the command instead.
/// </summary>
internal static class OwnedFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, replacing only a file <paramref name="isOurs"/> recognises.</summary>
    /// <param name="owner">Who the file belongs to, as the conflict message names it.</param>
    /// <param name="maxExistingBytes">Largest existing file read to tell whether it is ours.</param>
    /// <param name="isOurs">Reads the existing file (a regular file of 1 to <paramref name="maxExistingBytes"/> bytes) and says whether it is ours.</param>
    /// <exception cref="OutputConflictException">Something else is in its place.</exception>
    public static async Task WriteAsync(string path, string owner, long maxExistingBytes, Func<Stream, bool> isOurs, Func<Stream, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        CheckReplaceable(path, owner, maxExistingBytes, isOurs);
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await write(stream, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void CheckReplaceable(string path, string owner, long maxExistingBytes, Func<Stream, bool> isOurs)
    {
        var existing = new FileInfo(path);
        if (existing.LinkTarget is null && !existing.Exists && !Directory.Exists(path))
        {
            return;
        }

        // Size 0 is never opened: a FIFO or device reports it, and would block or never end.
        if (existing.LinkTarget is not null || !existing.Exists || existing.Length == 0 || existing.Length > maxExistingBytes || !IsOurs(path, isOurs))
        {
            throw new OutputConflictException($"{TerminalText.Safe(path)} exists and was not written by {owner}: move it away or choose another path.");
        }
    }

    private static bool IsOurs(string path, Func<Stream, bool> isOurs)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return isOurs(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
