using System.Text;

namespace GroundedSam.Cli.Folders;

/// <summary>
/// A path that can only name a file inside the folder it is joined to: '/'-separated, non-empty parts, none of them
/// <c>.</c>, <c>..</c> or hidden, no backslash, colon or control character, each part at most 255 UTF-8 bytes.
/// Checked before any file is created from a name that came from outside (an S3 listing, a manifest).
/// </summary>
internal static class SafeRelativePath
{
    public const int MaxPartBytes = 255;
    public const int MaxParts = 8;

    public static bool IsSafe(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('\\') || path.Contains(':') || path.Any(char.IsControl))
        {
            return false;
        }

        var parts = path.Split('/');
        return parts.Length <= MaxParts && parts.All(part => part.Length > 0 && part[0] != '.' && Encoding.UTF8.GetByteCount(part) <= MaxPartBytes);
    }

    public static void Check(string path)
    {
        if (!IsSafe(path))
        {
            throw new OutputConflictException($"\"{TerminalText.Safe(path)}\" is not a safe relative path; nothing was written for it.");
        }
    }
}
