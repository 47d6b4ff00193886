using System.CommandLine;
using GroundedSam.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Logs and CI: one line per photo rather than Spectre's default 80 columns.
    console.Profile.Width = 240;
}

// Ctrl-C and SIGTERM cancel the command's token; it then finishes the photo in hand, writes what is done and prints
// a summary, which can take longer than System.CommandLine's default 2 s before it ends the process.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = GsamCommand.StopTimeout };
return await GsamCommand.InvokeAsync(console, args, invocation);
