using Spectre.Console;

namespace GroundedSam.Cli.Folders;

/// <summary>What every command that takes a folder says about it: folders left out, files skipped, no photos at all.</summary>
internal static class PhotoSetReport
{
    public static void PrintNotes(IAnsiConsole console, PhotoSet set)
    {
        foreach (var note in set.Notes)
        {
            console.MarkupLineInterpolated($"[yellow]skipped[/] {note}");
        }
    }

    public static void PrintSkipped(IAnsiConsole console, PhotoSet set)
    {
        if (set.Skipped > 0)
        {
            console.MarkupLineInterpolated($"[grey]{set.Skipped} file(s) skipped: hidden, or not photos by their extension.[/]");
        }
    }

    /// <summary>Says that nothing was found; returns the exit code.</summary>
    public static int NoPhotos(IAnsiConsole console, string input, PhotoSet set)
    {
        console.MarkupLineInterpolated($"[red]No photos in {TerminalText.Safe(input)}[/] (looked for .jpg, .jpeg, .png and .webp files; {set.Skipped} other files skipped).");
        return ExitCodes.Unusable;
    }
}
