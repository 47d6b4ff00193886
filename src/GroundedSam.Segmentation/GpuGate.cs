using GroundedSam.Pipeline.Telemetry;

namespace GroundedSam.Segmentation;

/// <summary>
/// One job at a time on the GPU: a worker process owns one device, and two jobs' models interleaved on it would
/// only fight over memory and make both slower. Everything before and after the models runs outside the gate.
/// The jobs waiting are the gauge <c>gsam.gpu.waiting</c>, their wait the span and the step <c>gpu_wait</c>.
/// </summary>
public sealed class GpuGate(PipelineMetrics metrics) : IDisposable
{
    private readonly SemaphoreSlim _slot = new(1, 1);
    private long _busyTicks;

    /// <summary>Time spent inside the gate, on the models, since it was made: over a wall-clock span, the GPU's busy fraction.</summary>
    public TimeSpan Busy => TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks));

    /// <summary>Runs <paramref name="work"/> when the GPU is free; <paramref name="waited"/> is told how long that took.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, Action<TimeSpan> waited, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (PipelineTracing.StartStep("gpu_wait"))
        {
            metrics.GpuWaiting(+1);
            try
            {
                await _slot.WaitAsync(cancellationToken);
            }
            finally
            {
                metrics.GpuWaiting(-1);
            }
        }

        waited(clock.Elapsed);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
            _slot.Release();
        }
    }

    public void Dispose() => _slot.Dispose();
}
