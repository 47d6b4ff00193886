using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GroundedSam.Testing;

/// <summary>
/// A program of this repository as a real process, its output collected as it comes: a worker host run from its build
/// output (<c>src/{project}/bin/{configuration}/net10.0</c>) with its settings as environment variables, or any
/// command. For what only a process shows: ports, exit codes and start-up errors, signals, kills.
/// </summary>
public sealed class ProgramProcess : IAsyncDisposable
{
    private static readonly string[] ProjectFolders = ["src", "tests", "benchmarks"];
    private readonly Process _process;

    private ProgramProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Output.WriteLine(e.Data);
        _process.ErrorDataReceived += (_, e) => Output.WriteLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public ConsoleCapture Output { get; } = new();

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="project">A program project under src/, tests/ or benchmarks/: GroundedSam.SegmentationWorker, GroundedSam.MaskMergeWorker, GroundedSam.PoisonWorker, GroundedSam.Benchmarks.</param>
    /// <param name="arguments">Its command line, after the program.</param>
    public static ProgramProcess Start(string project, IReadOnlyDictionary<string, string?> settings, params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var source = ProjectFolders.FirstOrDefault(folder => Directory.Exists(Path.Combine(RepositoryPaths.Root, folder, project))) ?? "tests";
        var folder = Path.Combine(RepositoryPaths.Root, source, project, "bin", configuration, "net10.0");
        var dll = Path.Combine(folder, project + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution first (dotnet build GroundedSam.Pipeline.sln).");
        }

        var start = new ProcessStartInfo("dotnet", [dll, .. arguments]) { WorkingDirectory = folder };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return Start(start);
    }

    /// <summary>Starts any command, its output collected.</summary>
    public static ProgramProcess Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return new ProgramProcess(Process.Start(start)!);
    }

    /// <summary>The exit code, or null when the process still runs after <paramref name="deadline"/>.</summary>
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

    /// <summary>SIGTERM, as Docker and Kubernetes stop a container.</summary>
    public void Terminate() => Signal(15);

    /// <summary>SIGINT, as Ctrl-C in a terminal.</summary>
    public void Interrupt() => Signal(2);

    /// <summary>SIGKILL: the process ends at once, mid-job, as a crashed or evicted worker does.</summary>
    public void KillNow() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Output.Dispose();
    }

    private void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
