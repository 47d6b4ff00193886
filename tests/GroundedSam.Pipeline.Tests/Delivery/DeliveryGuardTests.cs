using GroundedSam.Contracts;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundedSam.Pipeline.Tests.Delivery;

/// <summary>
/// The guard's count of isolated runs on a real (folder) store: a poison job gets its runs alone and no more, whatever
/// the retries, redeliveries and transient storage failures around its quarantine.
/// </summary>
public sealed class DeliveryGuardTests : IDisposable
{
    private const string Stage = "segmentation";
    private const int MaxRuns = 2;
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-guard-").FullName;
    private readonly FlakyStore _store;
    private readonly StorageLayout _layout = new("images", "results");
    private readonly DeliveryGuard _guard;
    private readonly Guid _job = Guid.NewGuid();

    public DeliveryGuardTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, _layout.ResultsBucket));
        _store = new FlakyStore(new FolderObjectStore(_root));
        _guard = new DeliveryGuard(_store, _layout, NullLogger<DeliveryGuard>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_FirstDelivery_RunsWithoutTouchingStorage()
    {
        var runs = 0;
        await _guard.RunAsync(Deliver(redelivered: false, Guid.NewGuid()), _job, Stage, 4, MaxRuns, () => Task.FromResult(runs++), Ct);

        Assert.Equal(1, runs);
        Assert.Equal(0, _store.Requests);
    }

    [Fact]
    public async Task RunAsync_SuspectThatKeepsCrashing_RunsAloneMaxTimesThenIsRefused()
    {
        var message = Guid.NewGuid();
        Assert.Equal(MaxRuns, await CrashingRedeliveriesAsync(message, MaxRuns));

        var refused = await Assert.ThrowsAsync<JobRejectedException>(() => RunAsync(Deliver(redelivered: true, message)));
        Assert.Equal(FailureReason.WorkerCrashed, refused.Reason);
    }

    [Fact]
    public async Task RunAsync_RetryOfTheRefusedDelivery_IsRefusedAgainWithoutRunning()
    {
        // The refusal's outcome could not be written (S3 away) and the consumer is retried within the same delivery.
        var message = Guid.NewGuid();
        await CrashingRedeliveriesAsync(message, MaxRuns);
        var delivery = Deliver(redelivered: true, message);
        await Assert.ThrowsAsync<JobRejectedException>(() => RunAsync(delivery));

        await AssertRefusedWithoutRunningAsync(delivery);
    }

    [Fact]
    public async Task RunAsync_RefusalNeverAcknowledged_NextDeliveryIsRefusedWithoutRunning()
    {
        var message = Guid.NewGuid();
        await CrashingRedeliveriesAsync(message, MaxRuns);
        await Assert.ThrowsAsync<JobRejectedException>(() => RunAsync(Deliver(redelivered: true, message)));

        // The worker died before the acknowledgement: the broker hands the same message out again.
        await AssertRefusedWithoutRunningAsync(Deliver(redelivered: true, message));
    }

    [Fact]
    public async Task RunAsync_QuarantinedJobSubmittedAgain_StartsFromZero()
    {
        await CrashingRedeliveriesAsync(Guid.NewGuid(), MaxRuns + 1);

        // A new message for the same job (submitted again after the workers were fixed): its runs are its own.
        Assert.Equal(MaxRuns, await CrashingRedeliveriesAsync(Guid.NewGuid(), MaxRuns));
    }

    [Fact]
    public async Task RunAsync_RetryAfterATransientFailureInTheRun_IsCountedOnce()
    {
        var message = Guid.NewGuid();
        var delivery = Deliver(redelivered: true, message);
        await Assert.ThrowsAsync<IOException>(() => _guard.RunAsync(delivery, _job, Stage, 4, MaxRuns, () => throw new IOException("S3 away"), Ct));
        await Assert.ThrowsAsync<IOException>(() => _guard.RunAsync(delivery, _job, Stage, 4, MaxRuns, () => throw new IOException("S3 away"), Ct));

        // One run counted for the whole delivery: the next delivery still gets its second run alone.
        var ran = false;
        await Assert.ThrowsAsync<CrashException>(() => _guard.RunAsync(Deliver(redelivered: true, message), _job, Stage, 4, MaxRuns, () =>
        {
            ran = true;
            throw new CrashException();
        }, Ct));
        Assert.True(ran);
    }

    [Fact]
    public async Task RunAsync_CountCouldNotBeRead_RetryCountsBeforeRunning()
    {
        var message = Guid.NewGuid();
        await CrashingRedeliveriesAsync(message, MaxRuns);
        var delivery = Deliver(redelivered: true, message);
        _store.FailReads = 1;
        await Assert.ThrowsAsync<IOException>(() => RunAsync(delivery));

        // The retry does not take the failed attempt for a counted one: it reads the count and refuses.
        await AssertRefusedWithoutRunningAsync(delivery);
    }

    [Fact]
    public async Task RunAsync_SuspectThatFinishes_ClearsItsCount()
    {
        var message = Guid.NewGuid();
        await CrashingRedeliveriesAsync(message, MaxRuns - 1);
        await _guard.RunAsync(Deliver(redelivered: true, message), _job, Stage, 4, MaxRuns, () => Task.CompletedTask, Ct);

        Assert.False(File.Exists(Path.Combine(_root, _layout.ResultsBucket, _layout.JobFile(_job, JobFiles.IsolationCounter(Stage)).Key)));
    }

    public void Dispose()
    {
        _guard.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static DeliveryGuard.Delivery Deliver(bool redelivered, Guid message) => new(redelivered, message, new DeliveryGuard.Decision());

    // Deliveries of one message that each "kill the worker" (the run throws); returns how many of them ran.
    private async Task<int> CrashingRedeliveriesAsync(Guid message, int deliveries)
    {
        var ran = 0;
        for (var i = 0; i < deliveries; i++)
        {
            try
            {
                await _guard.RunAsync(Deliver(redelivered: true, message), _job, Stage, 4, MaxRuns, () =>
                {
                    ran++;
                    throw new CrashException();
                }, Ct);
            }
            catch (CrashException)
            {
            }
            catch (JobRejectedException)
            {
            }
        }

        return ran;
    }

    private async Task AssertRefusedWithoutRunningAsync(DeliveryGuard.Delivery delivery)
    {
        var ran = false;
        await Assert.ThrowsAsync<JobRejectedException>(() => _guard.RunAsync(delivery, _job, Stage, 4, MaxRuns, () => Task.FromResult(ran = true), Ct));
        Assert.False(ran);
    }

    private Task RunAsync(DeliveryGuard.Delivery delivery) =>
        _guard.RunAsync(delivery, _job, Stage, 4, MaxRuns, () => throw new CrashException(), Ct);

    /// <summary>Stands for the process dying mid-run: nothing after it in the guard runs (the count is not cleared).</summary>
    private sealed class CrashException : Exception;

    private sealed class FlakyStore(IObjectStore inner) : IObjectStore
    {
        public int Requests { get; private set; }

        /// <summary>Reads still to fail, as a timed-out request would.</summary>
        public int FailReads { get; set; }

        public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken) => inner.EnsureBucketAsync(bucket, cancellationToken);

        public Task PutAsync(ObjectRef target, Stream content, long length, string contentType, CancellationToken cancellationToken)
        {
            Requests++;
            return inner.PutAsync(target, content, length, contentType, cancellationToken);
        }

        public Task GetAsync(ObjectRef source, Stream destination, CancellationToken cancellationToken)
        {
            Requests++;
            if (FailReads > 0)
            {
                FailReads--;
                return Task.FromException(new IOException("The request timed out (simulated)."));
            }

            return inner.GetAsync(source, destination, cancellationToken);
        }

        public Task<ObjectInfo?> StatAsync(ObjectRef source, CancellationToken cancellationToken)
        {
            Requests++;
            return inner.StatAsync(source, cancellationToken);
        }

        public Task DeleteAsync(ObjectRef target, CancellationToken cancellationToken)
        {
            Requests++;
            return inner.DeleteAsync(target, cancellationToken);
        }

        public IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) => inner.ListAsync(bucket, prefix, cancellationToken);
    }
}
