namespace GroundedSam.Cli.Segment;

/// <summary>
/// The photos named on the command line: one file, or every file in a folder (recursively) whose extension says
/// it is an image. Formats the pipeline does not decode (GIF, HEIC, …) are listed too, so each gets its own error;
/// other files are skipped and counted.
/// </summary>
internal static class PhotoSet
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jfif", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif",
    };

    public static (IReadOnlyList<PhotoFile> Photos, int Skipped) Find(string path)
    {
        if (File.Exists(path))
        {
            var name = Path.GetFileName(path);
            return ([new PhotoFile(path, name, Path.GetFileNameWithoutExtension(path))], 0);
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"{path} is neither a photo nor a folder.");
        }

        var skipped = 0;
        var photos = new List<PhotoFile>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = System.IO.FileAttributes.Hidden })
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!ImageExtensions.Contains(Path.GetExtension(file)) || Path.GetFileName(file).StartsWith('.'))
            {
                skipped++;
                continue;
            }

            var relative = Path.GetRelativePath(path, file);
            var output = Path.ChangeExtension(relative, null);
            if (!used.Add(output))
            {
                // desk.jpg and desk.png side by side: the second keeps its extension in its folder's name.
                output = relative.Replace('.', '_');
                used.Add(output);
            }

            photos.Add(new PhotoFile(file, relative, output));
        }

        return (photos, skipped);
    }
}
