using GroundedSam.Contracts;
using GroundedSam.Masks;
using Microsoft.Extensions.Hosting;

namespace GroundedSam.IntegrationTests;

/// <summary>The whole pipeline on the real RabbitMQ broker and the real S3 server.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed class PipelineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static readonly string[] JobFiles =
    [
        "detections.json", "labels/keyboard.png", "labels/monitor.png", "labels/mouse.png", "masks/keyboard-1.png", "masks/monitor-1.png",
        "masks/monitor-2.png", "masks/mouse-1.png", "masks/mouse-2.png", "merged-mask.png", "outcome.json", "overlay.jpg", "preview.jpg",
        "thumbnail.jpg",
    ];

    [Fact]
    public async Task FortyPhotos_TwoSegmentationWorkersOneMerge_AllReadyWithEveryKeyAndUnionMasks()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 2, mergeWorkers: 1);
        var batch = Guid.NewGuid();
        var jobs = new List<SegmentImage>();
        for (var i = 0; i < 40; i++)
        {
            jobs.Add(PipelineCluster.Job(await cluster.UploadAsync($"desk-{i:00}.jpg", PipelineCluster.Jpeg(160 + (i % 5 * 16), 120, i)), batch));
        }

        foreach (var job in jobs)
        {
            await cluster.PublishAsync(job);
        }

        await cluster.WaitUntilAsync(e => e.EndedJobs == 40, Patience, "40 jobs");

        Assert.Empty(cluster.Events.Failed);
        var ready = cluster.Events.Ready.GroupBy(r => r.JobId).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal(jobs.Select(j => j.JobId).Order(), ready.Keys.Order());
        foreach (var job in jobs)
        {
            var inpaint = ready[job.JobId];
            Assert.Equal(job.Image, inpaint.Image);
            Assert.Equal(batch, inpaint.BatchId);
            Assert.Equal(JobFiles, (await cluster.JobKeysAsync(job.JobId)).Order(StringComparer.Ordinal));
            var instances = new List<BinaryMask>();
            foreach (var name in JobFiles.Where(f => f.StartsWith("masks/", StringComparison.Ordinal)))
            {
                instances.Add(await cluster.ReadMaskAsync(cluster.Layout.JobFile(job.JobId, name)));
            }

            var merged = await cluster.ReadMaskAsync(inpaint.Mask);
            Assert.Equal(BinaryMask.Union(inpaint.Width, inpaint.Height, instances).Pixels, merged.Pixels);
            Assert.Equal(5, inpaint.InstanceCount);
        }
    }

    [Fact]
    public async Task SameSegmentImageTwice_CreatesNoExtraObjectsAndRepeatsTheJobId()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 1, mergeWorkers: 1);
        var job = PipelineCluster.Job(await cluster.UploadAsync("desk.jpg", PipelineCluster.Jpeg(200, 150, 1)), Guid.NewGuid());

        await cluster.PublishAsync(job);
        await cluster.WaitUntilAsync(e => e.Ready.Count == 1, Patience, "the first InpaintReady");
        var first = await cluster.JobKeysAsync(job.JobId);
        await cluster.PublishAsync(job);
        await cluster.WaitUntilAsync(e => e.Ready.Count == 2, Patience, "the repeated InpaintReady");

        Assert.Equal(first.Order(StringComparer.Ordinal), (await cluster.JobKeysAsync(job.JobId)).Order(StringComparer.Ordinal));
        Assert.All(cluster.Events.Ready, r => Assert.Equal(job.JobId, r.JobId));
        var count = 0;
        await foreach (var item in cluster.Store.ListAsync(cluster.Layout.ResultsBucket, string.Empty, CancellationToken.None))
        {
            Assert.StartsWith($"jobs/{job.JobId:N}/", item.Ref.Key, StringComparison.Ordinal);
            count++;
        }

        Assert.Equal(JobFiles.Length, count);
    }

    [Fact]
    public async Task CorruptPhotoAmongGoodOnes_OneSegmentationFailedAndTheRestComplete()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 1, mergeWorkers: 1);
        var batch = Guid.NewGuid();
        var jobs = new List<SegmentImage>();
        for (var i = 0; i < 6; i++)
        {
            jobs.Add(PipelineCluster.Job(await cluster.UploadAsync($"desk-{i}.jpg", PipelineCluster.Jpeg(160, 120, i)), batch));
        }

        var good = PipelineCluster.Jpeg(160, 120, 9);
        var corrupt = PipelineCluster.Job(await cluster.UploadAsync("corrupt.jpg", good[..(good.Length / 2)]), batch);
        jobs.Insert(3, corrupt);
        foreach (var job in jobs)
        {
            await cluster.PublishAsync(job);
        }

        await cluster.WaitUntilAsync(e => e.EndedJobs == jobs.Count, Patience, "every job to end");

        var failed = Assert.Single(cluster.Events.Failed);
        Assert.Equal(corrupt.JobId, failed.JobId);
        Assert.Equal(FailureReason.ImageUnreadable, failed.Reason);
        Assert.Contains("JPEG", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(6, cluster.Events.Ready.Select(r => r.JobId).Distinct().Count());
        Assert.Equal(0, await cluster.Broker.QueueDepthAsync("segment-image_error") ?? 0); // MassTransit makes the queue on its first fault
    }

    [Fact]
    public async Task WorkerStoppedMidBatch_BatchCompletesOnTheOther()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 2, mergeWorkers: 1);
        var batch = Guid.NewGuid();
        var jobs = new List<SegmentImage>();
        for (var i = 0; i < 30; i++)
        {
            jobs.Add(PipelineCluster.Job(await cluster.UploadAsync($"desk-{i:00}.jpg", PipelineCluster.Jpeg(320, 240, i)), batch));
        }

        foreach (var job in jobs)
        {
            await cluster.PublishAsync(job);
        }

        await cluster.WaitUntilAsync(e => e.EndedJobs >= 4, Patience, "the batch to start");
        var stopped = cluster.SegmentationWorkers[0];
        await stopped.StopAsync(TimeSpan.FromSeconds(30));
        var endedAtStop = cluster.Events.EndedJobs;

        await cluster.WaitUntilAsync(e => e.EndedJobs == jobs.Count, Patience, "the batch to finish on the remaining worker");

        Assert.True(endedAtStop < jobs.Count, "the batch had finished before the worker stopped: nothing was left for the other");
        Assert.Empty(cluster.Events.Failed);
        Assert.Equal(jobs.Select(j => j.JobId).Order(), cluster.Events.Ready.Select(r => r.JobId).Distinct().Order());
    }
}
