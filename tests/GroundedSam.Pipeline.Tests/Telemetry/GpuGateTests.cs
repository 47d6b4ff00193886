using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Segmentation;
using Microsoft.Extensions.DependencyInjection;

namespace GroundedSam.Pipeline.Tests.Telemetry;

public sealed class GpuGateTests
{
    [Fact]
    public async Task SecondJob_WhileTheFirstHoldsTheGpu_CountsAsWaitingUntilItEnters()
    {
        using var rig = new GateRig();
        var (gate, recorded, release, firstEntered) = (rig.Gate, rig.Recorded, rig.Release, rig.FirstEntered);
        var waits = new List<TimeSpan>();

        var first = Task.Run(() => gate.RunAsync(() => { firstEntered.SetResult(); return release.Task.Wait(TimeSpan.FromMinutes(2)); }, waits.Add, CancellationToken.None),
            TestContext.Current.CancellationToken);
        await firstEntered.Task.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        var second = gate.RunAsync(() => true, waited => waits.Add(waited), CancellationToken.None);

        Assert.False(second.IsCompleted);
        Assert.Equal(1, Waiting(recorded));
        release.SetResult();
        Assert.True(await first);
        Assert.True(await second);

        Assert.Equal(0, Waiting(recorded));
        Assert.Equal(2, waits.Count);
    }

    [Fact]
    public async Task Busy_CountsTheTimeInsideTheGate_NotTheWaitBeforeIt()
    {
        using var rig = new GateRig();
        var (gate, recorded, release, firstEntered) = (rig.Gate, rig.Recorded, rig.Release, rig.FirstEntered);
        var inside = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();
        var waits = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();

        bool Work(Action? holding)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            holding?.Invoke();
            inside.Add(clock.Elapsed);
            return true;
        }

        var first = Task.Run(() => gate.RunAsync(() => Work(() =>
        {
            firstEntered.SetResult();
            release.Task.Wait(TimeSpan.FromMinutes(2));
        }), _ => { }, CancellationToken.None), TestContext.Current.CancellationToken);
        await firstEntered.Task.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        var second = gate.RunAsync(() => Work(null), waits.Add, CancellationToken.None);
        while (Waiting(recorded) < 1)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        // The second job has queued; it waits at least this long more, all of it outside the gate.
        await Task.Delay(300, TestContext.Current.CancellationToken);
        release.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        var both = inside.Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
        var wait = waits.Single();
        Assert.True(wait >= TimeSpan.FromMilliseconds(300), $"wait {wait}");
        Assert.True(gate.Busy >= both, $"busy {gate.Busy} < inside {both}");
        Assert.True(gate.Busy < both + wait, $"busy {gate.Busy} counts the wait: inside {both}, wait {wait}");
    }

    /// <summary>A gate with its metrics recorded, and the signals of a first job that holds it until released.</summary>
    private sealed class GateRig : IDisposable
    {
        private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

        public GateRig()
        {
            var meters = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
            Recorded = new RecordedMeasurements(meters);
            Gate = new GpuGate(new PipelineMetrics(meters));
        }

        public RecordedMeasurements Recorded { get; }

        public GpuGate Gate { get; }

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource FirstEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose()
        {
            Gate.Dispose();
            Recorded.Dispose();
            _services.Dispose();
        }
    }

    private static double Waiting(RecordedMeasurements recorded) => recorded.Of("gsam.gpu.waiting").Sum(m => m.Value);
}
