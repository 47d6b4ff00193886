using System.Diagnostics;
using GroundedSam.Testing;

namespace GroundedSam.Cli.Tests;

/// <summary>
/// <c>gsam</c> as a real process (the build output beside the tests), for what only a process has: signals.
/// Its output is collected as it comes; a waiting test polls it with a deadline.
/// </summary>
internal sealed class GsamProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConsoleCapture _output = new();

    private GsamProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => _output.WriteLine(e.Data);
        _process.ErrorDataReceived += (_, e) => _output.WriteLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public ConsoleCapture Output => _output;

    /// <param name="defaultSigint">
    /// Start it through Python with SIGINT reset to its default: a process started from a background job inherits
    /// SIGINT ignored, and .NET then never sees Ctrl-C.
    /// </param>
    public static GsamProcess Start(bool defaultSigint, params string[] args)
    {
        var gsam = Path.Combine(AppContext.BaseDirectory, "gsam.dll");
        var start = defaultSigint
            ? new ProcessStartInfo("/usr/bin/python3", ["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])", "dotnet", gsam, .. args])
            : new ProcessStartInfo("dotnet", [gsam, .. args]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new GsamProcess(Process.Start(start)!);
    }

    /// <summary>Sends SIGINT ("INT", Ctrl-C) or SIGTERM ("TERM", what Docker and Kubernetes send) to the process.</summary>
    public void Signal(string name)
    {
        var signal = name switch { "INT" => 2, "TERM" => 15, _ => throw new ArgumentOutOfRangeException(nameof(name), name, "INT or TERM") };
        Assert.Equal(0, Kill(_process.Id, signal));
    }

    /// <summary>The exit code, or null when the process is still running after <paramref name="deadline"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _output.Dispose();
    }
}
