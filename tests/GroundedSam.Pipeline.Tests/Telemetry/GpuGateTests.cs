using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Segmentation;
using Microsoft.Extensions.DependencyInjection;

namespace GroundedSam.Pipeline.Tests.Telemetry;

public sealed class GpuGateTests
{
    [Fact]
    public async Task SecondJob_WhileTheFirstHoldsTheGpu_CountsAsWaitingUntilItEnters()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var recorded = new RecordedMeasurements(meters);
        using var gate = new GpuGate(new PipelineMetrics(meters));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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

    private static double Waiting(RecordedMeasurements recorded) => recorded.Of("gsam.gpu.waiting").Sum(m => m.Value);
}
