namespace GroundedSam.Segmentation;

/// <summary>
/// One job at a time on the GPU: a worker process owns one device, and two jobs' models interleaved on it would
/// only fight over memory and make both slower. Everything before and after the models runs outside the gate.
/// </summary>
public sealed class GpuGate : IDisposable
{
    private readonly SemaphoreSlim _slot = new(1, 1);

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _slot.WaitAsync(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            _slot.Release();
        }
    }

    public void Dispose() => _slot.Dispose();
}
