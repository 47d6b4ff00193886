using System.Runtime.CompilerServices;
using GroundedSam.Contracts;
using GroundedSam.Storage;
using MassTransit;

namespace GroundedSam.Pipeline.Tests.Segmentation;

/// <summary>A storage outage is not the job's fault: retried with back-off, then faulted to the error queue, never SegmentationFailed.</summary>
public sealed class TransientFailureTests
{
    [Fact]
    public async Task Consume_ResultsStoreDown_RetriesThenFaultsWithoutSegmentationFailed()
    {
        FailingWrites? failing = null;
        await using var pipeline = await PipelineHarness.StartAsync(store => failing = new FailingWrites(store), retryLimit: 1);
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(160, 120)));
        failing!.Enabled = true;

        await pipeline.Harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await pipeline.Harness.Published.Any<Fault<SegmentImage>>(TestContext.Current.CancellationToken));
        var fault = pipeline.Harness.Published.Select<Fault<SegmentImage>>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.Equal(job.JobId, fault.Message.JobId);
        Assert.Contains(fault.Exceptions, e => e.ExceptionType == typeof(IOException).FullName);
        Assert.Equal(2, failing.PhotoDownloads); // the first attempt and one retry
        Assert.False(await pipeline.Harness.Published.Any<SegmentationFailed>(TestContext.Current.CancellationToken));
        Assert.False(await pipeline.Harness.Published.Any<ImageSegmented>(TestContext.Current.CancellationToken));
    }

    /// <summary>Reads work; every write to the results bucket fails like an unreachable S3 server.</summary>
    private sealed class FailingWrites(IObjectStore inner) : IObjectStore
    {
        private int _downloads;

        public bool Enabled { get; set; }

        /// <summary>Each attempt at the job downloads the photo once.</summary>
        public int PhotoDownloads => _downloads;

        public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken) => inner.EnsureBucketAsync(bucket, cancellationToken);

        public Task PutAsync(ObjectRef target, Stream content, long length, string contentType, CancellationToken cancellationToken)
        {
            return Enabled && target.Key.StartsWith("jobs/", StringComparison.Ordinal)
                ? Task.FromException(new IOException("Connection refused (simulated S3 outage)."))
                : inner.PutAsync(target, content, length, contentType, cancellationToken);
        }

        public Task GetAsync(ObjectRef source, Stream destination, CancellationToken cancellationToken)
        {
            if (source.Key.StartsWith("uploads/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _downloads);
            }

            return inner.GetAsync(source, destination, cancellationToken);
        }

        public Task<ObjectInfo?> StatAsync(ObjectRef source, CancellationToken cancellationToken) => inner.StatAsync(source, cancellationToken);

        public async IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var item in inner.ListAsync(bucket, prefix, cancellationToken))
            {
                yield return item;
            }
        }
    }
}
