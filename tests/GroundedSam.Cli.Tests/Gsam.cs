using GroundedSam.Testing;

namespace GroundedSam.Cli.Tests;

/// <summary>Runs <c>gsam</c> in-process with its console captured as plain text.</summary>
internal static class Gsam
{
    public static string TinyModels => RepositoryPaths.TinyModels;

    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        RunAsync(new ConsoleCapture(), TestContext.Current.CancellationToken, args);

    /// <summary>Runs gsam writing to <paramref name="writer"/>, which the caller may watch, until it ends or <paramref name="cancellationToken"/> stops it as Ctrl-C would.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ConsoleCapture writer, CancellationToken cancellationToken, params string[] args)
    {
        var exitCode = await GsamCommand.InvokeAsync(writer.AsConsole(), args, cancellationToken: cancellationToken);
        return (exitCode, writer.ToString());
    }
}
