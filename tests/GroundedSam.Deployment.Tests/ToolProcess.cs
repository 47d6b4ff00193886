using System.Diagnostics;

namespace GroundedSam.Deployment.Tests;

/// <summary>Runs a tool to its end (docker-compose, python3, dotnet publish) and returns its exit code and output.</summary>
internal static class ToolProcess
{
    /// <param name="start">Must redirect standard output and error, and standard input when <paramref name="input"/> is given.</param>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(ProcessStartInfo start, string? input)
    {
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await errors);
    }
}
