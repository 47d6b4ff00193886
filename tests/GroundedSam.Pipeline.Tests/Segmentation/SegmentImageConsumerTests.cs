using GroundedSam.Contracts;

namespace GroundedSam.Pipeline.Tests.Segmentation;

public sealed class SegmentImageConsumerTests
{
    private static readonly string[] AllOutputs =
    [
        "detections.json", "labels/keyboard.png", "labels/monitor.png", "labels/mouse.png", "masks/keyboard-1.png", "masks/monitor-1.png",
        "masks/monitor-2.png", "masks/mouse-1.png", "masks/mouse-2.png", "merged-mask.png", "outcome.json", "overlay.jpg", "preview.jpg",
        "thumbnail.jpg",
    ];

    [Fact]
    public async Task Consume_GoodPhoto_StoresEveryOutputAndPublishesImageSegmented()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240)));

        Assert.IsType<InpaintReady>(await pipeline.RunAsync(job));

        var segmented = Assert.Single(pipeline.Published.Now<ImageSegmented>());
        Assert.Equal(["monitor-1", "monitor-2", "keyboard-1", "mouse-1", "mouse-2"], segmented.Instances.Select(i => i.InstanceId));
        Assert.Equal((320, 240), (segmented.Width, segmented.Height));
        Assert.Equal(["keyboard", "monitor", "mouse"], segmented.LabelMasks!.Keys.Order());
        foreach (var instance in segmented.Instances)
        {
            var mask = await pipeline.ReadMaskAsync(instance.Mask);
            Assert.Equal(instance.Area, mask.Area());
        }

        Assert.Equal(AllOutputs, (await pipeline.JobKeysAsync(job.JobId)).Order(StringComparer.Ordinal));
        Assert.Equal("CPU", segmented.Models.Device);
    }

    [Fact]
    public async Task Consume_SameJobTwice_RewritesTheSameKeys()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240)));

        await pipeline.RunAsync(job);
        var first = await pipeline.JobKeysAsync(job.JobId);
        await pipeline.Harness.Bus.Publish(job, TestContext.Current.CancellationToken);
        await pipeline.Published.WaitForAsync<InpaintReady>(_ => pipeline.Published.Now<InpaintReady>().Count == 2);

        Assert.Equal(first.Order(), (await pipeline.JobKeysAsync(job.JobId)).Order());
    }

    [Fact]
    public async Task Consume_SameJobIdWithAnotherPrompt_LeavesExactlyTheNewOutputs()
    {
        // The report: re-running a job with "monitor." left the keyboard's and the mice's masks beside the new detections.json.
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240)));
        await pipeline.RunAsync(job);
        var foreign = pipeline.Layout.JobFile(job.JobId, "inpainted.png");
        await pipeline.Store.PutAsync(foreign, new MemoryStream([1, 2, 3]), 3, "image/png", TestContext.Current.CancellationToken);

        await pipeline.Harness.Bus.Publish(job with { Prompt = "monitor." }, TestContext.Current.CancellationToken);
        await pipeline.Published.WaitForAsync<InpaintReady>(r => r.Labels.SequenceEqual(["monitor"]));

        Assert.Equal(
            ["detections.json", "inpainted.png", "labels/monitor.png", "masks/monitor-1.png", "masks/monitor-2.png", "merged-mask.png", "outcome.json", "overlay.jpg",
                "preview.jpg", "thumbnail.jpg"],
            (await pipeline.JobKeysAsync(job.JobId)).Order(StringComparer.Ordinal));
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

        var failed = Assert.IsType<SegmentationFailed>(await pipeline.RunAsync(job));

        Assert.Equal(reason, failed.Reason);
        Assert.Equal(job.JobId, failed.JobId);
        Assert.False(string.IsNullOrWhiteSpace(failed.Detail));
        Assert.Empty(pipeline.Published.Now<ImageSegmented>());
        Assert.Empty(pipeline.Published.Now<MassTransit.Fault<SegmentImage>>());
    }

    [Fact]
    public async Task Consume_BadOptionsOrKey_FailsWithInvalidOptions()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var image = await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(64, 48));
        var threshold = PipelineHarness.Job(image) with { BoxThreshold = 2f };
        var traversal = PipelineHarness.Job(new ObjectRef { Bucket = image.Bucket, Key = "uploads/../../etc/passwd" });
        var dilation = PipelineHarness.Job(image, merge: new MergePolicy { DilationPixels = -4 });
        var labels = PipelineHarness.Job(image, merge: new MergePolicy { Labels = [.. Enumerable.Repeat("cup", 10_000)] });

        foreach (var job in new[] { threshold, traversal, dilation, labels })
        {
            var failed = Assert.IsType<SegmentationFailed>(await pipeline.RunAsync(job));
            Assert.Equal(FailureReason.InvalidOptions, failed.Reason);
        }
    }

    [Fact]
    public async Task Consume_ReferencePreset_KeepsEveryBoxNamedAsTheReferenceNamesIt()
    {
        // "reference": true on the wire: no merge (the monitor part stays an instance), the reference's phrase labels
        // ("keyboard mouse", and "" for the box whose best token is [CLS]), the border box reported unclipped.
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240))) with { Reference = true };

        Assert.IsType<InpaintReady>(await pipeline.RunAsync(job));

        var segmented = Assert.Single(pipeline.Published.Now<ImageSegmented>());
        Assert.Equal(
            ["monitor-1", "monitor-2", "monitor-3", "keyboard-1", "keyboard_mouse-1", "mouse-1", "object-1"],
            segmented.Instances.Select(i => i.InstanceId));
        Assert.Equal(336f, segmented.Instances.Single(i => i.Label == "keyboard mouse").Box[2], 1);
    }

    [Fact]
    public async Task Consume_ReferencePresetWithADeparture_FailsWithInvalidOptionsNamingIt()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var image = await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(64, 48));
        var job = PipelineHarness.Job(image) with { Reference = true, Detection = new DetectionPolicy { ClassAgnosticNmsIoU = 0.5f } };

        var failed = Assert.IsType<SegmentationFailed>(await pipeline.RunAsync(job));

        Assert.Equal(FailureReason.InvalidOptions, failed.Reason);
        Assert.Contains("nms-iou", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consume_PhotoInABucketNotAllowed_FailsWithoutReadingIt()
    {
        // A job could name any bucket the worker's credentials reach, another job's results included.
        FailingWrites? store = null;
        await using var pipeline = await PipelineHarness.StartAsync(s => store = new FailingWrites(s));
        var done = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(160, 120)));
        await pipeline.RunAsync(done);

        var stolen = PipelineHarness.Job(pipeline.Layout.JobFile(done.JobId, "overlay.jpg"));
        var failed = Assert.IsType<SegmentationFailed>(await pipeline.RunAsync(stolen));

        Assert.Equal(FailureReason.InvalidOptions, failed.Reason);
        Assert.Contains("reads photos only from gsam-images, not from gsam-results", failed.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(stolen.Image.Key, store!.ReadKeys);
    }

    [Fact]
    public async Task Consume_PhotoInAnAllowListedBucket_IsSegmented()
    {
        await using var pipeline = await PipelineHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Segmentation:ImageBuckets:0"] = "gsam-images",
            ["Segmentation:ImageBuckets:1"] = "team-photos",
        });
        await pipeline.Store.EnsureBucketAsync("team-photos", TestContext.Current.CancellationToken);
        var image = new ObjectRef { Bucket = "team-photos", Key = "desk.jpg" };
        var jpeg = PipelineHarness.Jpeg(160, 120);
        await pipeline.Store.PutAsync(image, new MemoryStream(jpeg), jpeg.Length, "image/jpeg", TestContext.Current.CancellationToken);

        Assert.IsType<InpaintReady>(await pipeline.RunAsync(PipelineHarness.Job(image)));
    }

    [Fact]
    public async Task Consume_JobWithoutId_FailsAsInvalidMessage()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(64, 48))) with { JobId = Guid.Empty };

        await pipeline.Harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.Equal(FailureReason.InvalidMessage, (await pipeline.Published.WaitForAsync<SegmentationFailed>()).Reason);
    }
}
