using System.Security.Cryptography;
using System.Text;

namespace GroundedSam.Cli.Folders;

/// <summary>
/// The folder each photo's results go to: one folder directly under <c>--out</c> per photo, named after the photo's
/// path relative to the input (<c>team/desk-2.jpg</c> becomes <c>team_desk-2</c>). A flat layout means no photo's
/// folder can sit inside another's or collide with its <c>masks/</c>; names that would be empty, hidden, <c>.</c>,
/// <c>..</c>, hold separators or control characters, or be too long are rewritten; names that collide (ignoring
/// case, for file systems that do) get <c>~2</c>, <c>~3</c>, … in the order of their paths, and so does a name of a
/// file gsam writes beside them (<see cref="RootFiles"/>: a photo <c>index.html.jpg</c> goes to <c>index.html~2</c>).
/// </summary>
internal static class OutputNames
{
    /// <summary>Longest folder name in UTF-8 bytes; file systems allow 255, and a short hash may be appended.</summary>
    public const int MaxBytes = 120;

    /// <summary>The files gsam writes directly under <c>--out</c> beside the photos' folders; no photo's folder takes their names.</summary>
    public static readonly IReadOnlySet<string> RootFiles = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Viewer.ResultsPage.FileName, Batches.FailureReport.FileName };

    private static readonly HashSet<string> WindowsDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>A unique, safe folder name for every relative path (with '/' or the platform's separator), in input order.</summary>
    public static IReadOnlyList<string> Assign(IReadOnlyList<string> relativePaths)
    {
        var names = new string[relativePaths.Count];
        var used = new HashSet<string>(RootFiles, StringComparer.OrdinalIgnoreCase);
        var order = Enumerable.Range(0, relativePaths.Count).OrderBy(i => relativePaths[i], StringComparer.Ordinal);
        foreach (var i in order)
        {
            var name = For(relativePaths[i]);
            var unique = name;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = $"{name}~{n}";
            }

            names[i] = unique;
        }

        return names;
    }

    /// <summary>The safe name for one relative path, before collisions are resolved.</summary>
    public static string For(string relativePath)
    {
        // "." and ".." parts (a manifest may carry any) say nothing about the photo: they are dropped, not encoded.
        var parts = StripExtension(relativePath.Replace('\\', '/')).Split('/').Where(part => part is not ("" or "." or ".."));
        var withoutExtension = string.Join('/', parts);
        var builder = new StringBuilder(withoutExtension.Length);
        foreach (var rune in withoutExtension.EnumerateRunes())
        {
            builder.Append(rune.Value switch
            {
                '/' => "_",
                ':' or '*' or '?' or '"' or '<' or '>' or '|' => "_",
                _ when Rune.IsControl(rune) || IsInvisibleFormat(rune) => "_",
                _ => rune.ToString(),
            });
        }

        // Hidden, "." or "..": the leading dots become underscores. Windows drops trailing dots and spaces.
        var name = builder.ToString().TrimEnd(' ', '.');
        var dots = name.Length - name.TrimStart('.').Length;
        name = new string('_', dots) + name[dots..];
        if (name.Length == 0)
        {
            name = "photo";
        }

        if (WindowsDeviceNames.Contains(name))
        {
            name = "_" + name;
        }

        return Encoding.UTF8.GetByteCount(name) <= MaxBytes ? name : Shorten(name, relativePath);
    }

    /// <summary>Whether <paramref name="name"/> is a name <see cref="For"/> could have produced: one plain path part.</summary>
    public static bool IsSafe(string name) =>
        name.Length > 0 && Encoding.UTF8.GetByteCount(name) <= MaxBytes + 16 && name[0] != '.' &&
        name.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) < 0 && !name.Any(char.IsControl);

    // "photo.jpg" → "photo"; a name that is only an extension (".jpg") keeps its text so it is not lost.
    private static string StripExtension(string path)
    {
        var slash = path.LastIndexOf('/');
        var dot = path.LastIndexOf('.');
        return dot > slash + 1 ? path[..dot] : path;
    }

    private static bool IsInvisibleFormat(Rune rune) =>
        System.Globalization.CharUnicodeInfo.GetUnicodeCategory(rune.Value) == System.Globalization.UnicodeCategory.Format;

    // Long names keep their start and get 8 hex digits of the full path's hash, so two long names stay apart.
    private static string Shorten(string name, string relativePath)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(relativePath)).AsSpan(0, 4));
        var builder = new StringBuilder();
        var bytes = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxBytes - 9)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return $"{builder.ToString().TrimEnd(' ', '.')}-{hash}";
    }
}
