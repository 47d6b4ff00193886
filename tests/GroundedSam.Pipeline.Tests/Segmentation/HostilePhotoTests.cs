using GroundedSam.Contracts;
using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Testing;
using GroundedSam.Testing.Hostile;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Pipeline.Tests.Segmentation;

/// <summary>Every photo of the hostile corpus, and a defect inside a stage, end the job with an event: nothing stalls a batch.</summary>
public sealed class HostilePhotoTests
{
    [Fact]
    public async Task Consume_EveryCorpusPhoto_EndsInTheExpectedEvent()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var jobs = new List<(ImageCorpus.Entry Entry, SegmentImage Job)>();
        foreach (var entry in ImageCorpus.Entries)
        {
            var job = PipelineHarness.Job(await pipeline.UploadAsync($"corpus/{entry.Name}.bin", entry.Make()));
            jobs.Add((entry, job));
            await pipeline.Harness.Bus.Publish(job, TestContext.Current.CancellationToken);
        }

        foreach (var (entry, job) in jobs)
        {
            var end = await pipeline.Published.WaitForAsync<object>(m => m is InpaintReady r && r.JobId == job.JobId || m is SegmentationFailed f && f.JobId == job.JobId);
            var expected = entry.Expected switch
            {
                "Decodes" => "InpaintReady",
                "TooLarge" => nameof(FailureReason.ImageTooLarge),
                "UnsupportedFormat" => nameof(FailureReason.UnsupportedFormat),
                _ => nameof(FailureReason.ImageUnreadable),
            };
            Assert.Equal((entry.Name, expected), (entry.Name, end is SegmentationFailed failed ? failed.Reason.ToString() : "InpaintReady"));
        }
    }

    [Fact]
    public async Task Consume_DetectorThrowsUnexpectedly_EndsInProcessingFailedWithoutRetries()
    {
        await using var pipeline = await PipelineHarness.StartAsync(configure: services => services.AddSingleton<IDetector>(_ => new BrokenDetector()));
        var job = PipelineHarness.Job(await pipeline.UploadAsync("desk.jpg", PipelineHarness.Jpeg(160, 120)));

        var failed = Assert.IsType<SegmentationFailed>(await pipeline.RunAsync(job));

        Assert.Equal(FailureReason.ProcessingFailed, failed.Reason);
        Assert.Contains("InvalidOperationException: Sequence contains more than one element", failed.Detail, StringComparison.Ordinal);
        Assert.Empty(pipeline.Published.Now<MassTransit.Fault<SegmentImage>>());
    }

    /// <summary>The tiny detector, whose detection throws what a defect in post-processing would.</summary>
    private sealed class BrokenDetector : IDetector
    {
        private readonly GroundingDinoDetector _inner = OpenTiny();

        public PromptTokenizer Tokenizer => _inner.Tokenizer;

        public DetectorInput Prepare(Image<Rgb24> image, TokenizedPrompt prompt) => _inner.Prepare(image, prompt);

        public IReadOnlyList<Detection> Detect(DetectorInput input, DetectionThresholds thresholds) =>
            throw new InvalidOperationException("Sequence contains more than one element");

        public void Dispose() => _inner.Dispose();

        private static GroundingDinoDetector OpenTiny()
        {
            var models = new ModelPaths(RepositoryPaths.TinyModels);
            return GroundingDinoDetector.Open(models.GroundingDino, models.Vocabulary,
                new OnnxSessionFactory(new ExecutionOptions { PreferCuda = false }, NullLogger<OnnxSessionFactory>.Instance));
        }
    }
}
