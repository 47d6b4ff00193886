using System.Text;
using GroundedSam.Contracts;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Storage;

namespace GroundedSam.Pipeline.Tests.Outcomes;

/// <summary>The cancellation mark: which submissions it stops, how a forged one reads, how long a worker trusts what it saw.</summary>
public sealed class BatchCancellationTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-cancel-").FullName;
    private readonly FolderObjectStore _store;
    private readonly StorageLayout _layout = new("images", "results");
    private readonly ManualClock _clock = new(Noon);
    private readonly BatchCancellation _cancellation;

    public BatchCancellationTests()
    {
        _store = new FolderObjectStore(_root);
        _store.EnsureBucketAsync(_layout.ResultsBucket, CancellationToken.None).GetAwaiter().GetResult();
        _cancellation = new BatchCancellation(_store, _layout, _clock);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ThrowIfCancelled_SubmittedBeforeTheMark_RejectsAsCancelled_SubmittedAfter_Runs()
    {
        var batch = Guid.NewGuid();
        await _cancellation.CancelAsync(batch, Noon, TestContext.Current.CancellationToken);

        var rejected = await Assert.ThrowsAsync<JobRejectedException>(() => _cancellation.ThrowIfCancelledAsync(batch, Noon.AddMinutes(-1), TestContext.Current.CancellationToken));
        Assert.Equal(FailureReason.Cancelled, rejected.Reason);
        Assert.Contains("gsam submit --batch", rejected.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<JobRejectedException>(() => _cancellation.ThrowIfCancelledAsync(batch, submittedAt: null, TestContext.Current.CancellationToken));
        await _cancellation.ThrowIfCancelledAsync(batch, Noon.AddSeconds(1), TestContext.Current.CancellationToken);
        await _cancellation.ThrowIfCancelledAsync(Guid.NewGuid(), Noon.AddMinutes(-1), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ThrowIfCancelled_MarkAppearsLater_SeenOnceTheRecheckTimePassed()
    {
        var batch = Guid.NewGuid();
        await _cancellation.ThrowIfCancelledAsync(batch, Noon, TestContext.Current.CancellationToken);
        await _cancellation.CancelAsync(batch, Noon.AddSeconds(1), TestContext.Current.CancellationToken);

        await _cancellation.ThrowIfCancelledAsync(batch, Noon, TestContext.Current.CancellationToken);
        _clock.Advance(BatchCancellation.RecheckAfter);

        await Assert.ThrowsAsync<JobRejectedException>(() => _cancellation.ThrowIfCancelledAsync(batch, Noon, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"batchId":"00000000-0000-0000-0000-000000000001","cancelledAt":"2000-01-01T00:00:00Z"}""")]
    public async Task ReadAsync_MarkThatIsNotThisBatchs_CancelsEverySubmission(string content)
    {
        // A fixed id: the message names the batch, and a random one may itself contain "9999", the year asserted absent below.
        var batch = Guid.Parse("3f1c2a5e-7b4d-4e21-8a60-5c2d1b3e4f70");
        var bytes = Encoding.UTF8.GetBytes(content);
        await _store.PutAsync(_layout.BatchCancellation(batch), new MemoryStream(bytes), bytes.Length, "application/json", TestContext.Current.CancellationToken);

        Assert.Equal(DateTimeOffset.MaxValue, await _cancellation.ReadAsync(batch, TestContext.Current.CancellationToken));
        var rejected = await Assert.ThrowsAsync<JobRejectedException>(() => _cancellation.ThrowIfCancelledAsync(batch, Noon.AddYears(10), TestContext.Current.CancellationToken));
        Assert.DoesNotContain("9999", rejected.Message, StringComparison.Ordinal);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
