using GroundedSam.Pipeline.Delivery;

namespace GroundedSam.Pipeline.Tests.Segmentation;

public sealed class JobIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnterAsync_Ordinary_RunSideBySideUpToTheCapacity()
    {
        using var isolation = new JobIsolation(3);
        var held = new List<IDisposable>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await isolation.EnterAsync(exclusive: false, Ct));
        }

        var fourth = isolation.EnterAsync(exclusive: false, Ct);
        Assert.False(fourth.IsCompleted);

        held[0].Dispose();
        (await fourth.WaitAsync(TimeSpan.FromMinutes(1), Ct)).Dispose();
        held.Skip(1).ToList().ForEach(h => h.Dispose());
    }

    [Fact]
    public async Task EnterAsync_Exclusive_WaitsForTheJobsInHandAndHoldsOffLaterOnes()
    {
        using var isolation = new JobIsolation(3);
        var first = await isolation.EnterAsync(exclusive: false, Ct);
        var second = await isolation.EnterAsync(exclusive: false, Ct);

        var alone = isolation.EnterAsync(exclusive: true, Ct);
        var later = isolation.EnterAsync(exclusive: false, Ct);
        Assert.False(alone.IsCompleted);

        first.Dispose();
        Assert.False(alone.IsCompleted);
        second.Dispose();
        var exclusive = await alone.WaitAsync(TimeSpan.FromMinutes(1), Ct);
        Assert.False(later.IsCompleted);

        exclusive.Dispose();
        (await later.WaitAsync(TimeSpan.FromMinutes(1), Ct)).Dispose();
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaitingAlone_GivesBackWhatItTook()
    {
        using var isolation = new JobIsolation(2);
        var inHand = await isolation.EnterAsync(exclusive: false, Ct);
        using var cancel = new CancellationTokenSource();

        var alone = isolation.EnterAsync(exclusive: true, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => alone);
        inHand.Dispose();

        (await isolation.EnterAsync(exclusive: true, Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct)).Dispose();
    }
}
