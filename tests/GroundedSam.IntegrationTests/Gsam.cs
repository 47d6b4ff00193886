using GroundedSam.Cli;
using GroundedSam.Testing;

namespace GroundedSam.IntegrationTests;

/// <summary>Runs <c>gsam</c> in-process with its console captured as plain text.</summary>
internal static class Gsam
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var writer = new ConsoleCapture();
        var exit = await GsamCommand.InvokeAsync(writer.AsConsole(), args, cancellationToken: TestContext.Current.CancellationToken);
        return (exit, writer.ToString());
    }
}
