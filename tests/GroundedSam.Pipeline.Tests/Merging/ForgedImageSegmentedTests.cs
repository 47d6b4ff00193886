using GroundedSam.Contracts;
using GroundedSam.Testing;
using MassTransit;

namespace GroundedSam.Pipeline.Tests.Merging;

/// <summary>
/// The merge stage takes <see cref="ImageSegmented"/> from a queue anyone with broker access can publish to. Every
/// forged message is refused before a large allocation, and still ends its job with <see cref="SegmentationFailed"/>.
/// </summary>
public sealed class ForgedImageSegmentedTests
{
    public static TheoryData<string> Forgeries => [.. Forge.Keys];

    private static readonly Dictionary<string, (FailureReason Reason, string Detail, Func<ImageSegmented, PipelineHarness, Task<ImageSegmented>> Make)> Forge = new()
    {
        ["100000x100000"] = (FailureReason.InvalidMessage, "outside 1 pixel", (m, _) => Task.FromResult(m with { Width = 100_000, Height = 100_000 })),
        ["negative size"] = (FailureReason.InvalidMessage, "outside 1 pixel", (m, _) => Task.FromResult(m with { Width = -320 })),
        ["no instances"] = (FailureReason.InvalidMessage, "instances are missing", (m, _) => Task.FromResult(m with { Instances = null! })),
        ["null instance"] = (FailureReason.InvalidMessage, "instances are missing", (m, _) => Task.FromResult(m with { Instances = [.. m.Instances, null!] })),
        ["5000 instances"] = (FailureReason.InvalidMessage, "more than 1000", (m, _) => Task.FromResult(m with { Instances = [.. Enumerable.Repeat(m.Instances[0], 5000)] })),
        ["no job id"] = (FailureReason.InvalidMessage, "names no job", (m, _) => Task.FromResult(m with { JobId = Guid.Empty })),
        ["bad dilation"] = (FailureReason.InvalidOptions, "Dilation", (m, _) => Task.FromResult(m with { Merge = new MergePolicy { DilationPixels = -4 } })),
        ["another job's mask"] = (FailureReason.InvalidMessage, "not one of this job's instance masks", (m, p) => Task.FromResult(WithMask(m, p.Layout.JobFile(Guid.NewGuid(), "masks/monitor-1.png")))),
        ["a photo as mask"] = (FailureReason.InvalidMessage, "not one of this job's instance masks", (m, _) => Task.FromResult(WithMask(m, m.Image))),
        ["traversal key"] = (FailureReason.InvalidMessage, "not one of this job's instance masks", (m, p) => Task.FromResult(WithMask(m, p.Layout.JobFile(m.JobId, "masks/../../x/masks/a.png")))),
        ["jpeg as mask"] = (FailureReason.InvalidMessage, "not a PNG", (m, p) => Planted(m, p, SyntheticPhotos.Jpeg(320, 240))),
        ["mask of another size"] = (FailureReason.InvalidMessage, "not 320×240", (m, p) => Planted(m, p, GroundedSam.Masks.MaskPng.Encode(new GroundedSam.Masks.BinaryMask(32, 24)))),
        ["oversized mask object"] = (FailureReason.InvalidMessage, "larger than", (m, p) => Planted(m, p, new byte[400_000])),
        ["mask that is gone"] = (FailureReason.InvalidMessage, "cannot be merged", (m, p) => Task.FromResult(WithMask(m, p.Layout.JobFile(m.JobId, "masks/gone-1.png")))),
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Consume_ForgedMessage_IsRefusedWithSegmentationFailed(string forgery)
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var real = await RealMessageAsync(pipeline);
        var (reason, detail, make) = Forge[forgery];
        var forged = await make(real, pipeline);

        await pipeline.Harness.Bus.Publish(forged, TestContext.Current.CancellationToken);

        var failed = await pipeline.Published.WaitForAsync<SegmentationFailed>();
        Assert.Equal(reason, failed.Reason);
        Assert.Contains(detail, failed.Detail, StringComparison.Ordinal);
        Assert.Equal(forged.JobId, failed.JobId);
        Assert.Single(pipeline.Published.Now<InpaintReady>());
        Assert.Empty(pipeline.Published.Now<Fault<ImageSegmented>>());
    }

    // One real job through both stages; its ImageSegmented is the template each forgery edits.
    private static async Task<ImageSegmented> RealMessageAsync(PipelineHarness pipeline)
    {
        await pipeline.RunAsync(PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(320, 240))));
        return Assert.Single(pipeline.Published.Now<ImageSegmented>());
    }

    private static ImageSegmented WithMask(ImageSegmented message, ObjectRef mask) =>
        message with { Instances = [message.Instances[0] with { Mask = mask }, .. message.Instances.Skip(1)] };

    // A file of the job's own mask layout, with the given bytes in it.
    private static async Task<ImageSegmented> Planted(ImageSegmented message, PipelineHarness pipeline, byte[] content)
    {
        var mask = pipeline.Layout.JobFile(message.JobId, "masks/planted-1.png");
        await pipeline.Store.PutAsync(mask, new MemoryStream(content), content.Length, "image/png", TestContext.Current.CancellationToken);
        return WithMask(message, mask);
    }
}
