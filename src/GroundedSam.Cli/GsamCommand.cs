using System.CommandLine;
using System.CommandLine.Invocation;
using GroundedSam.Cli.DeadLetters;
using GroundedSam.Cli.Export;
using GroundedSam.Cli.ModelFiles;
using GroundedSam.Cli.Remote;
using GroundedSam.Cli.Run;
using GroundedSam.Cli.Segment;
using Spectre.Console;

namespace GroundedSam.Cli;

/// <summary>The <c>gsam</c> command line: <c>run</c> and <c>segment</c> on this machine, <c>submit</c>, <c>status</c>, <c>results</c>, <c>cancel</c> and <c>errors</c> against a deployed pipeline, <c>models pull</c>.</summary>
internal static class GsamCommand
{
    /// <summary>How long a command may take to stop after Ctrl-C or SIGTERM before the process ends regardless.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Parses and runs a command line; a line that does not parse is reported by <see cref="ParseErrors"/> with exit code 2.</summary>
    public static Task<int> InvokeAsync(IAnsiConsole console, string[] args, InvocationConfiguration? invocation = null, CancellationToken cancellationToken = default)
    {
        var result = Create(console).Parse(args);
        return result.Errors.Count > 0 && result.Action is ParseErrorAction
            ? Task.FromResult(ParseErrors.Report(console, result))
            : result.InvokeAsync(invocation, cancellationToken);
    }

    public static RootCommand Create(IAnsiConsole console, HttpClient? http = null) =>
        new("gsam: text-prompted segmentation of photos with Grounding DINO and SAM 2 on ONNX Runtime.")
        {
            RunCommand.Create(console),
            SegmentCommand.Create(console),
            SubmitCommand.Create(console),
            ResultsCommand.Create(console),
            StatusCommand.Create(console),
            CancelCommand.Create(console),
            ErrorsCommand.Create(console),
            ExportCommand.Create(console),
            ModelsCommand.Create(console, http),
        };
}
