using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace GroundedSam.Cli;

/// <summary>Errors that stop a command before it does anything useful, printed as one clear message with exit code 2.</summary>
internal static class CliErrors
{
    public static int Guard(IAnsiConsole console, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (IsUserFacing(ex))
        {
            return Report(console, ex);
        }
    }

    public static async Task<int> GuardAsync(IAnsiConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (IsUserFacing(ex))
        {
            return Report(console, ex);
        }
    }

    private static bool IsUserFacing(Exception ex) => ex is InvalidPromptException or ModelsMissingException or ModelContractException
        or ModelDownloadException or ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException
        or OptionsValidationException or InvalidObjectKeyException or ObjectNotFoundException or BrokerUnreachableException
        or IOException or UnauthorizedAccessException or HttpRequestException or MassTransitException or InvalidDataException
        or RabbitMQ.Client.Exceptions.RabbitMQClientException;

    private static int Report(IAnsiConsole console, Exception ex)
    {
        // An ArgumentException's message ends in " (Parameter 'name')": a .NET detail, not the user's.
        var message = ex is ArgumentException { ParamName: { } name } ? ex.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : ex.Message;
        console.MarkupLineInterpolated($"[red]error:[/] {message}{Remedy(ex)}");
        return ExitCodes.Unusable;
    }

    // What the command line can do about a model problem: fetch the weights it knows of.
    private static string Remedy(Exception ex) => ex switch
    {
        ModelsMissingException missing => $"{Environment.NewLine}Download them (about 875 MB) with:  gsam models pull --models {missing.Folder}{Environment.NewLine}" +
            "or try the pipeline without weights on the tiny test models:  --models models/tiny",
        ModelContractException => $"{Environment.NewLine}Download those exports with:  gsam models pull",
        _ => string.Empty,
    };
}
