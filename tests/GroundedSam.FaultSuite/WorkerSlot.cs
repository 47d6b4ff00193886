using GroundedSam.Testing;

namespace GroundedSam.FaultSuite;

/// <summary>
/// One worker of the fleet, as an orchestrator keeps it: a process on its own health port, started again when it ends
/// (after a kill, a crash or a SIGTERM), as Kubernetes restarts a pod's container.
/// </summary>
internal sealed class WorkerSlot(string name, string project, Func<int, IReadOnlyDictionary<string, string?>> settings) : IAsyncDisposable
{
    private const string PoisonCrashMessage = "Poison photo: the test-only worker dies";
    private readonly Lock _gate = new();
    private ProgramProcess? _process;
    private bool _stopped;

    public string Name => name;

    public int Port { get; } = FreePorts.Next();

    public int Starts { get; private set; }

    /// <summary>Ends of this worker's processes that the PoisonWorker's crash message explains.</summary>
    public int PoisonCrashes { get; private set; }

    /// <summary>For each poison crash, the guard's last word before it: the isolated run it died in, or none (a first delivery).</summary>
    public List<string> PoisonCrashNotes { get; } = [];

    public ProgramProcess? Process => _process;

    public void Start()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _process = ProgramProcess.Start(project, settings(Port));
            Starts++;
        }
    }

    /// <summary>Starts the worker again if its process ended; returns whether it did.</summary>
    public async Task<bool> ReviveAsync()
    {
        var ended = _process is { HasExited: true };
        if (ended)
        {
            // Environment.FailFast writes its message to stderr as the process ends.
            var output = _process!.Output.ToString();
            if (output.Contains(PoisonCrashMessage, StringComparison.Ordinal))
            {
                PoisonCrashes++;
                var isolated = output.Split('\n').LastOrDefault(line => line.Contains("runs alone on this worker", StringComparison.Ordinal));
                PoisonCrashNotes.Add($"{name}: {isolated?.Trim() ?? "died among other jobs (a first delivery)"}");
            }

            await _process.DisposeAsync();
            Start();
        }

        return ended;
    }

    public void Kill() => _process?.KillNow();

    public void Terminate() => _process?.Terminate();

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
