using System.Collections.Concurrent;

namespace GroundedSam.FaultSuite;

/// <summary>The faults a scenario injected, each with when it began and ended, for the time-to-recover figure.</summary>
internal sealed class FaultLog
{
    private readonly ConcurrentQueue<(string What, DateTimeOffset Start, DateTimeOffset End)> _faults = new();

    public IReadOnlyCollection<(string What, DateTimeOffset Start, DateTimeOffset End)> Faults => _faults;

    /// <summary>Runs a fault from <paramref name="begin"/> until <paramref name="duration"/> passes (or the run ends), then <paramref name="end"/>.</summary>
    public async Task WindowAsync(string what, Action begin, TimeSpan duration, Action end, CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.UtcNow;
        begin();
        try
        {
            await Task.Delay(duration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The jobs ended first: the fault ends now.
        }
        finally
        {
            end();
            _faults.Enqueue((what, start, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>A fault that is over at once (a kill, a signal): it ends when it happens.</summary>
    public void Instant(string what, Action act)
    {
        act();
        var now = DateTimeOffset.UtcNow;
        _faults.Enqueue((what, now, now));
    }
}
