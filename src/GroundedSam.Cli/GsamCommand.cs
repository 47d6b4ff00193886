using System.CommandLine;
using GroundedSam.Cli.ModelFiles;
using GroundedSam.Cli.Segment;
using Spectre.Console;

namespace GroundedSam.Cli;

/// <summary>The <c>gsam</c> command line: <c>segment</c> (one machine, no broker) and <c>models pull</c>.</summary>
internal static class GsamCommand
{
    public static RootCommand Create(IAnsiConsole console, HttpClient? http = null) =>
        new("gsam: text-prompted segmentation of photos with Grounding DINO and SAM 2 on ONNX Runtime.")
        {
            SegmentCommand.Create(console),
            ModelsCommand.Create(console, http),
        };
}
