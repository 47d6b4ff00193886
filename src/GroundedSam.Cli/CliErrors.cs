using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using Spectre.Console;

namespace GroundedSam.Cli;

/// <summary>Errors that stop a command before it does anything, printed as one clear message with exit code 2.</summary>
internal static class CliErrors
{
    public static int Guard(IAnsiConsole console, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is InvalidPromptException or ModelsMissingException or ModelContractException
            or ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.Unusable;
        }
    }

    public static async Task<int> GuardAsync(IAnsiConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is ModelDownloadException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.Unusable;
        }
    }
}
