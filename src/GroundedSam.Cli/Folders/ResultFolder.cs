using System.Text;

namespace GroundedSam.Cli.Folders;

/// <summary>
/// Writes one photo's results to <c>{out}/{name}/</c> and touches nothing else. The folder lists the files gsam
/// wrote in <see cref="OwnershipFile"/>; a later run deletes exactly those (so no stale mask of an earlier run
/// survives beside a new detections.json) and never a file it did not write: a folder gsam did not make, or a
/// path held by someone else's file, stops that photo with <see cref="OutputConflictException"/>. Nothing is
/// deleted recursively, no path leaves the folder, no symbolic link inside it is followed, and every file appears
/// whole (written beside its place, then renamed).
/// </summary>
internal static class ResultFolder
{
    public const string OwnershipFile = ".gsam-files";
    private const string OwnershipHeader = "# Files gsam wrote here; the next gsam run into this folder replaces exactly these.";

    /// <summary>Writes <paramref name="files"/> (relative '/'-separated paths and their content) into <c>{root}/{name}/</c>.</summary>
    public static async Task WriteAsync(string root, string name, IReadOnlyList<string> files,
        Func<string, Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken)
    {
        if (!OutputNames.IsSafe(name))
        {
            throw new OutputConflictException($"\"{TerminalText.Safe(name)}\" is not a safe folder name.");
        }

        foreach (var file in files)
        {
            SafeRelativePath.Check(file);
        }

        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        var folder = Path.Combine(root, name);
        RemovePreviousRun(folder, name);
        foreach (var file in files)
        {
            if (Exists(Path.Combine(folder, file)))
            {
                throw new OutputConflictException($"{TerminalText.Safe(name)}/{TerminalText.Safe(file)} exists and was not written by gsam: move it away or choose another --out.");
            }
        }

        // The list goes first: if this run stops half-way, the next one still knows which files are its own.
        var ownership = new StringBuilder(OwnershipHeader).Append('\n');
        foreach (var file in files)
        {
            ownership.Append(file).Append('\n');
        }

        await WriteNewAsync(folder, OwnershipFile, (stream, ct) => stream.WriteAsync(Encoding.UTF8.GetBytes(ownership.ToString()), ct).AsTask(), replace: true, cancellationToken);
        foreach (var file in files)
        {
            await WriteNewAsync(folder, file, (stream, ct) => writeContent(file, stream, ct), replace: false, cancellationToken);
        }
    }

    public static Task WriteAsync(string root, string name, IReadOnlyList<(string Path, byte[] Content)> files, CancellationToken cancellationToken)
    {
        var contents = files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        return WriteAsync(root, name, [.. files.Select(f => f.Path)], (path, stream, ct) => stream.WriteAsync(contents[path], ct).AsTask(), cancellationToken);
    }

    private static void RemovePreviousRun(string folder, string name)
    {
        if (File.Exists(folder) || new FileInfo(folder).LinkTarget is not null)
        {
            throw new OutputConflictException($"{TerminalText.Safe(name)} exists in the output folder and is not a folder gsam wrote: move it away or choose another --out.");
        }

        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            return;
        }

        var list = Path.Combine(folder, OwnershipFile);
        if (!File.Exists(list) || new FileInfo(list).LinkTarget is not null)
        {
            if (Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new OutputConflictException($"{TerminalText.Safe(name)} exists in the output folder and was not written by gsam: move it away or choose another --out.");
            }

            return;
        }

        var previous = File.ReadLines(list).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        foreach (var file in previous.Where(SafeRelativePath.IsSafe))
        {
            var path = Path.Combine(folder, file);
            if (!PassesThroughLink(folder, file) && Exists(path))
            {
                File.Delete(path);
            }
        }

        // The sub-folders those files were in (masks/, labels/), deepest first, when nothing else is left in them.
        var folders = previous.Where(SafeRelativePath.IsSafe).SelectMany(ParentFolders).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length);
        foreach (var sub in folders)
        {
            var path = Path.Combine(folder, sub);
            if (!PassesThroughLink(folder, sub) && Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path, recursive: false);
            }
        }
    }

    private static async Task WriteNewAsync(string folder, string file, Func<Stream, CancellationToken, Task> write, bool replace, CancellationToken cancellationToken)
    {
        var target = Path.Combine(folder, file);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        if (PassesThroughLink(folder, file))
        {
            throw new OutputConflictException($"{TerminalText.Safe(file)}: a folder on its way is a symbolic link; gsam does not write through links.");
        }

        var partial = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await write(stream, cancellationToken);
            }

            File.Move(partial, target, overwrite: replace);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;

    // Whether any folder between the photo's folder and the file is a symbolic link (the file itself may not be either).
    private static bool PassesThroughLink(string folder, string file)
    {
        var path = folder;
        foreach (var part in file.Split('/')[..^1])
        {
            path = Path.Combine(path, part);
            if (new DirectoryInfo(path).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> ParentFolders(string file)
    {
        for (var slash = file.LastIndexOf('/'); slash > 0; slash = file.LastIndexOf('/', slash - 1))
        {
            yield return file[..slash];
        }
    }
}
