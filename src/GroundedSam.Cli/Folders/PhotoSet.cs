namespace GroundedSam.Cli.Folders;

/// <summary>
/// The photos named on the command line: one file, or every file in a folder (recursively) whose extension says it
/// is an image. Formats the pipeline does not decode (GIF, HEIC, …) are listed too, so each gets its own error;
/// other files and hidden ones are skipped and counted. The walk never follows a symbolic link to a folder (no
/// loop can make it endless), never enters the output folder, and stops at <see cref="MaxDepth"/> levels;
/// each folder it leaves out is named in <see cref="Notes"/>. Whether a file is regular is checked when it is read
/// (<see cref="PhotoReader"/>): a FIFO or device is never opened.
/// </summary>
internal sealed record PhotoSet(IReadOnlyList<PhotoFile> Photos, int Skipped, IReadOnlyList<string> Notes)
{
    public const int MaxDepth = 64;

    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jfif", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif",
    };

    private static readonly EnumerationOptions OneFolder = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <param name="outputFolder">The results folder: refused when it is the input folder, never searched when inside it.</param>
    public static PhotoSet Find(string input, string? outputFolder = null)
    {
        if (Directory.Exists(input))
        {
            return FindInFolder(Path.GetFullPath(input), outputFolder is null ? null : Path.GetFullPath(outputFolder));
        }

        if (File.Exists(input) || new FileInfo(input).LinkTarget is not null)
        {
            var name = Path.GetFileName(input);
            return new PhotoSet([new PhotoFile(input, name, OutputNames.Assign([name])[0])], 0, []);
        }

        throw new FileNotFoundException($"{TerminalText.Safe(input)} is neither a photo nor a folder.");
    }

    private static PhotoSet FindInFolder(string root, string? output)
    {
        if (output is not null && SamePath(root, output))
        {
            throw new ArgumentException($"--out {TerminalText.Safe(output)} is the input folder: the results would be mixed with the photos. Choose another folder.");
        }

        var files = new List<string>();
        var notes = new List<string>();
        var skipped = 0;
        var pending = new Stack<(DirectoryInfo Folder, int Depth)>([(new DirectoryInfo(root), 0)]);
        while (pending.TryPop(out var current))
        {
            foreach (var entry in Entries(current.Folder, root, notes).OrderByDescending(e => e.Name, StringComparer.Ordinal))
            {
                var relative = Relative(root, entry.FullName);
                if (entry.Name.StartsWith('.'))
                {
                    skipped++;
                }
                else if (entry is DirectoryInfo folder)
                {
                    if (folder.LinkTarget is not null)
                    {
                        notes.Add($"{TerminalText.Safe(relative)}: a symbolic link to a folder, not followed (name the folder itself to include it)");
                    }
                    else if (output is not null && SamePath(folder.FullName, output))
                    {
                        notes.Add($"{TerminalText.Safe(relative)}: the output folder, not searched");
                    }
                    else if (current.Depth + 1 >= MaxDepth)
                    {
                        notes.Add($"{TerminalText.Safe(relative)}: more than {MaxDepth} folders deep, not searched");
                    }
                    else
                    {
                        pending.Push((folder, current.Depth + 1));
                    }
                }
                else if (ImageExtensions.Contains(entry.Extension))
                {
                    files.Add(relative);
                }
                else
                {
                    skipped++;
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        var names = OutputNames.Assign(files);
        var photos = files.Select((relative, i) => new PhotoFile(Path.Combine(root, relative), relative, names[i])).ToList();
        return new PhotoSet(photos, skipped, notes);
    }

    // A folder that cannot be listed (permissions, removed meanwhile) is named and left out; the rest goes on.
    private static List<FileSystemInfo> Entries(DirectoryInfo folder, string root, List<string> notes)
    {
        var entries = new List<FileSystemInfo>();
        try
        {
            entries.AddRange(folder.EnumerateFileSystemInfos("*", OneFolder));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            notes.Add($"{TerminalText.Safe(Relative(root, folder.FullName))}: cannot be listed ({TerminalText.Safe(ex.Message)})");
        }

        return entries;
    }

    private static string Relative(string root, string path) =>
        Path.DirectorySeparatorChar == '/' ? Path.GetRelativePath(root, path) : Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b),
            OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
