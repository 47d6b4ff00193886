using System.Diagnostics.Metrics;
using GroundedSam.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GroundedSam.Pipeline.Tests.Telemetry;

public sealed class PipelineMetricsTests
{
    [Fact]
    public async Task Job_ThroughBothStages_CountsEachStageAndRecordsEveryStepsTime()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        using var recorded = new RecordedMeasurements(pipeline.Services.GetRequiredService<IMeterFactory>());
        var photo = PipelineHarness.Jpeg(320, 240);
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", photo));

        Assert.IsType<InpaintReady>(await pipeline.RunAsync(job));

        var jobs = recorded.Of("gsam.jobs");
        Assert.Equal(
            ["merge succeeded none", "segmentation succeeded none"],
            jobs.Select(m => $"{m.Tags["stage"]} {m.Tags["outcome"]} {m.Tags["reason"]}").Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                "merge download", "merge merge", "merge upload",
                "segmentation decode", "segmentation detect", "segmentation download", "segmentation encode", "segmentation gpu_wait",
                "segmentation preprocess", "segmentation segment", "segmentation upload", "segmentation upsample",
            ],
            recorded.Of("gsam.stage.duration").Select(m => $"{m.Tags["stage"]} {m.Tags["step"]}").Order(StringComparer.Ordinal));
        Assert.All(recorded.Of("gsam.stage.duration"), m => Assert.True(m.Value >= 0, $"{m.Tags["step"]} {m.Value}"));
        Assert.Equal(5, Assert.Single(recorded.Of("gsam.instances")).Value);
        Assert.Equal(photo.Length, Assert.Single(recorded.Of("gsam.bytes.in"), m => m.Tags["stage"] == "segmentation").Value);
        var written = Assert.Single(recorded.Of("gsam.bytes.out"), m => m.Tags["stage"] == "segmentation").Value;
        var masksRead = Assert.Single(recorded.Of("gsam.bytes.in"), m => m.Tags["stage"] == "merge").Value;
        Assert.InRange(masksRead, 1, written - 1); // the merge reads the instance masks, a part of what segmentation wrote
        Assert.True(Assert.Single(recorded.Of("gsam.bytes.out"), m => m.Tags["stage"] == "merge").Value > 0);
    }

    [Fact]
    public async Task Job_ThatFails_IncrementsItsReasonsCounter()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        using var recorded = new RecordedMeasurements(pipeline.Services.GetRequiredService<IMeterFactory>());
        var job = PipelineHarness.Job(pipeline.Layout.Upload(Guid.Empty, "absent.jpg"));

        Assert.IsType<SegmentationFailed>(await pipeline.RunAsync(job));

        var ended = Assert.Single(recorded.Of("gsam.jobs"));
        Assert.Equal(("segmentation", "failed", nameof(FailureReason.ImageNotFound)), (ended.Tags["stage"], ended.Tags["outcome"], ended.Tags["reason"]));
        Assert.Equal(1, ended.Value);
        Assert.Empty(recorded.Of("gsam.stage.duration"));
    }
}
