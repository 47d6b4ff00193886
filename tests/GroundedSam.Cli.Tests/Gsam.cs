using GroundedSam.Testing;
using Spectre.Console;

namespace GroundedSam.Cli.Tests;

/// <summary>Runs <c>gsam</c> in-process with its console captured as plain text.</summary>
internal static class Gsam
{
    public static string TinyModels => RepositoryPaths.TinyModels;

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        var exitCode = await GsamCommand.Create(console).Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        return (exitCode, writer.ToString());
    }
}
