using GroundedSam.Contracts;
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

        var fault = await pipeline.Published.WaitForAsync<Fault<SegmentImage>>();
        Assert.Equal(job.JobId, fault.Message.JobId);
        Assert.Contains(fault.Exceptions, e => e.ExceptionType == typeof(IOException).FullName);
        Assert.Equal(2, failing.PhotoDownloads); // the first attempt and one retry
        Assert.Empty(pipeline.Published.Now<SegmentationFailed>());
        Assert.Empty(pipeline.Published.Now<ImageSegmented>());
    }
}
