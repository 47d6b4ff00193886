using System.Diagnostics;

namespace GroundedSam.Deployment.Tests;

/// <summary>Runs a tool to its end (docker-compose, python3, node, dotnet publish) and returns its exit code and output.</summary>
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

    /// <summary>The path of <paramref name="name"/> on PATH; fails the test, saying how to install it, when it is not there.</summary>
    /// <param name="package">What provides it, for the failure message.</param>
    public static string Find(string name, string package)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            Assert.Fail($"{name} is not installed ({package}): run `bash .ci/services start`, which installs it.");
        }

        return path;
    }
}
