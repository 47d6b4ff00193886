using GroundedSam.Contracts;

namespace GroundedSam.Pipeline.Tests.Segmentation;

public sealed class SegmentImageConsumerTests
{
    [Fact]
    public async Task Consume_GoodPhoto_StoresEveryOutputAndPublishesImageSegmented()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240)));

        await pipeline.Harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await pipeline.Harness.Published.Any<ImageSegmented>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
        var segmented = pipeline.Harness.Published.Select<ImageSegmented>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.Equal(["monitor-1", "monitor-2", "keyboard-1", "mouse-1", "mouse-2"], segmented.Instances.Select(i => i.InstanceId));
        Assert.Equal((320, 240), (segmented.Width, segmented.Height));
        Assert.Equal(["keyboard", "monitor", "mouse"], segmented.LabelMasks!.Keys.Order());
        foreach (var instance in segmented.Instances)
        {
            var mask = await pipeline.ReadMaskAsync(instance.Mask);
            Assert.Equal(instance.Area, mask.Area());
        }

        Assert.True(await pipeline.Harness.Published.Any<InpaintReady>(TestContext.Current.CancellationToken));
        var keys = await pipeline.JobKeysAsync(job.JobId);
        Assert.Equal(
            ["detections.json", "labels/keyboard.png", "labels/monitor.png", "labels/mouse.png", "masks/keyboard-1.png", "masks/monitor-1.png",
             "masks/monitor-2.png", "masks/mouse-1.png", "masks/mouse-2.png", "merged-mask.png", "overlay.jpg"],
            keys.Order(StringComparer.Ordinal));
        Assert.Equal("CPU", segmented.Models.Device);
    }

    [Fact]
    public async Task Consume_SameJobTwice_RewritesTheSameKeys()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240)));

        await pipeline.Harness.Bus.Publish(job, TestContext.Current.CancellationToken);
        Assert.True(await pipeline.Harness.Published.Any<InpaintReady>(TestContext.Current.CancellationToken));
        var first = await pipeline.JobKeysAsync(job.JobId);
        await pipeline.Harness.Bus.Publish(job, TestContext.Current.CancellationToken);
        Assert.True(await pipeline.Harness.Consumed.Any<SegmentImage>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
        await pipeline.Harness.InactivityTask;

        Assert.Equal(first.Order(), (await pipeline.JobKeysAsync(job.JobId)).Order());
        Assert.Equal(2, pipeline.Harness.Published.Select<InpaintReady>(TestContext.Current.CancellationToken).Count(x => x.Context.Message.JobId == job.JobId));
    }

    [Theory]
    [InlineData("missing.jpg", "monitor.", FailureReason.ImageNotFound)]
    [InlineData("text.jpg", "monitor.", FailureReason.ImageUnreadable)]
    [InlineData("desk.jpg", "", FailureReason.InvalidPrompt)]
    public async Task Consume_BadInput_PublishesSegmentationFailedWithoutRetrying(string name, string prompt, FailureReason reason)
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        await pipeline.UploadAsync("text.jpg", "hello, not a photo"u8.ToArray());
        await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(64, 48));
        var job = PipelineHarness.Job(pipeline.Layout.Upload(Guid.Empty, name), prompt);

        await pipeline.Harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await pipeline.Harness.Published.Any<SegmentationFailed>(TestContext.Current.CancellationToken));
        var failed = pipeline.Harness.Published.Select<SegmentationFailed>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.Equal(reason, failed.Reason);
        Assert.Equal(job.JobId, failed.JobId);
        Assert.False(string.IsNullOrWhiteSpace(failed.Detail));
        Assert.False(await pipeline.Harness.Published.Any<ImageSegmented>(TestContext.Current.CancellationToken));
        Assert.Single(pipeline.Harness.Consumed.Select<SegmentImage>(TestContext.Current.CancellationToken));
        Assert.False(await pipeline.Harness.Published.Any<MassTransit.Fault<SegmentImage>>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Consume_BadOptionsOrKey_FailsWithInvalidOptions()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var image = await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(64, 48));
        var threshold = PipelineHarness.Job(image) with { BoxThreshold = 2f };
        var traversal = PipelineHarness.Job(new ObjectRef { Bucket = image.Bucket, Key = "uploads/../../etc/passwd" });
        var dilation = PipelineHarness.Job(image, merge: new MergePolicy { DilationPixels = -4 });

        foreach (var job in new[] { threshold, traversal, dilation })
        {
            await pipeline.Harness.Bus.Publish(job, TestContext.Current.CancellationToken);
        }

        await pipeline.Harness.InactivityTask;
        var failures = pipeline.Harness.Published.Select<SegmentationFailed>(TestContext.Current.CancellationToken).Select(f => f.Context.Message).ToList();
        Assert.Equal(3, failures.Count);
        Assert.All(failures, f => Assert.Equal(FailureReason.InvalidOptions, f.Reason));
    }
}
