using System.Diagnostics;
using GroundedSam.Testing;

namespace GroundedSam.Cli.Tests;

/// <summary><c>gsam</c> as a real process (the build output beside the tests), for what only a process has: signals.</summary>
internal static class GsamProcess
{
    /// <param name="defaultSigint">
    /// Start it through Python with SIGINT reset to its default: a process started from a background job inherits
    /// SIGINT ignored, and .NET then never sees Ctrl-C.
    /// </param>
    public static ProgramProcess Start(bool defaultSigint, params string[] args)
    {
        var gsam = Path.Combine(AppContext.BaseDirectory, "gsam.dll");
        var start = defaultSigint
            ? new ProcessStartInfo("/usr/bin/python3", ["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])", "dotnet", gsam, .. args])
            : new ProcessStartInfo("dotnet", [gsam, .. args]);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return ProgramProcess.Start(start);
    }
}
