using System.Diagnostics;

namespace GroundedSam.Cli.Tests;

/// <summary>File-system oddities for the hostile-input tests: FIFOs, links to devices, link loops.</summary>
internal static class SpecialFiles
{
    public static void Fifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    public static void LinkToZeroDevice(string path) => File.CreateSymbolicLink(path, "/dev/zero");

    /// <summary>A file link that points at itself.</summary>
    public static void SelfLink(string path) => File.CreateSymbolicLink(path, Path.GetFileName(path));

    /// <summary>A folder link to its own parent: a folder walk that follows links never ends.</summary>
    public static void FolderLoop(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        Directory.CreateSymbolicLink(Path.Combine(folder, name), "..");
    }
}
