using GroundedSam.Contracts;
using GroundedSam.Masks;

namespace GroundedSam.Pipeline.Tests.Merging;

public sealed class MaskMergeConsumerTests
{
    [Fact]
    public async Task Consume_DeskPhoto_MergedMaskIsUnionOfInstances()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240)));

        var ready = Assert.IsType<InpaintReady>(await pipeline.RunAsync(job));
        var segmented = Assert.Single(pipeline.Published.Now<ImageSegmented>());
        var instances = new List<BinaryMask>();
        foreach (var instance in segmented.Instances)
        {
            instances.Add(await pipeline.ReadMaskAsync(instance.Mask));
        }

        var union = BinaryMask.Union(320, 240, instances);
        Assert.Equal(union.Pixels, (await pipeline.ReadMaskAsync(ready.Mask)).Pixels);
        Assert.Equal(job.Image, ready.Image);
        Assert.Equal(5, ready.InstanceCount);
        Assert.Equal(["monitor", "keyboard", "mouse"], ready.Labels);
        Assert.Equal((double)union.Area() / (320 * 240), ready.Coverage, 6);
        Assert.Equal(MaskPolarity.ObjectsWhite, ready.Polarity);
        Assert.Equal(segmented.Detections, ready.Detections);
    }

    [Fact]
    public async Task Consume_NothingFound_StillEndsInInpaintReadyWithEmptyMask()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(160, 120)), prompt: "lamp. plant.");

        var ready = Assert.IsType<InpaintReady>(await pipeline.RunAsync(job));
        Assert.Equal(0, ready.InstanceCount);
        Assert.Equal(0, ready.Coverage);
        Assert.Equal(0, (await pipeline.ReadMaskAsync(ready.Mask)).Area());
    }

    [Fact]
    public async Task Consume_ChosenLabelsBlackDilated_InvertsOnlyThoseGrown()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var merge = new MergePolicy { Labels = ["Keyboard"], Polarity = MaskPolarity.ObjectsBlack, DilationPixels = 2 };
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240)), merge: merge);

        var ready = Assert.IsType<InpaintReady>(await pipeline.RunAsync(job));
        var segmented = Assert.Single(pipeline.Published.Now<ImageSegmented>());
        var keyboard = await pipeline.ReadMaskAsync(segmented.Instances.Single(i => i.Label == "keyboard").Mask);
        var expected = MaskMorphology.Dilate(keyboard, 2).Inverted();
        Assert.Equal(expected.Pixels, (await pipeline.ReadMaskAsync(ready.Mask)).Pixels);
        Assert.Equal(["keyboard"], ready.Labels);
        Assert.Equal(1, ready.InstanceCount);
        Assert.Equal(MaskPolarity.ObjectsBlack, ready.Polarity);
    }

    [Fact]
    public async Task Consume_Feathered_MaskHasGreyEdges()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240)), merge: new MergePolicy { FeatherPixels = 9 });

        var ready = Assert.IsType<InpaintReady>(await pipeline.RunAsync(job));
        using var buffer = new MemoryStream();
        await pipeline.Store.GetAsync(ready.Mask, buffer, TestContext.Current.CancellationToken);
        buffer.Position = 0;
        var (pixels, width, height) = MaskPng.ReadGray(buffer);
        Assert.Equal((320, 240), (width, height));
        Assert.Contains(pixels, p => p is > 0 and < 255);
        Assert.Contains(pixels, p => p == 255);
        Assert.Contains(pixels, p => p == 0);
    }
}
