using GroundedSam.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Logs and CI: one line per photo rather than Spectre's default 80 columns.
    console.Profile.Width = 240;
}

return await GsamCommand.Create(console).Parse(args).InvokeAsync();
