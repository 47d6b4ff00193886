using System.Text;
using GroundedSam.Contracts;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Storage;
using MassTransit.Metadata;
using MassTransit.Events;

namespace GroundedSam.Pipeline.Tests.Outcomes;

/// <summary>Outcomes as the stages write them and as a reader must distrust them.</summary>
public sealed class JobOutcomesTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-outcomes-").FullName;
    private readonly FolderObjectStore _store;
    private readonly StorageLayout _layout = new("images", "results");
    private readonly JobOutcomes _outcomes;

    public JobOutcomesTests()
    {
        _store = new FolderObjectStore(_root);
        _store.EnsureBucketAsync(_layout.ResultsBucket, CancellationToken.None).GetAwaiter().GetResult();
        _outcomes = new JobOutcomes(_store, _layout);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task DeadLettered_AfterAFinalOutcomeOfTheSameSubmission_LeavesItAlone()
    {
        // A fault from before the outcome (an earlier attempt's, arriving late), or one from another stage.
        var job = Guid.NewGuid();
        await _outcomes.FailedAsync(Failure(job) with { FailedAt = DateTimeOffset.MaxValue.AddDays(-1) }, "segmentation", Noon, TestContext.Current.CancellationToken);

        await _outcomes.DeadLetteredAsync(job, Guid.NewGuid(), Image, Noon, "segmentation", Fault("late"), TestContext.Current.CancellationToken);
        await _outcomes.DeadLetteredAsync(job, Guid.NewGuid(), Image, Noon, "merge", Fault("forged"), TestContext.Current.CancellationToken);

        var outcome = await _outcomes.ReadAsync(job, TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Failed, outcome!.State);
        Assert.Equal(FailureReason.ImageUnreadable, outcome.Reason);
    }

    [Fact]
    public async Task DeadLettered_ByTheStageThatWroteTheOutcome_AfterWritingIt_ReplacesIt()
    {
        // The merge stage stored its success, then could not publish InpaintReady and gave up: the event never left.
        var job = Guid.NewGuid();
        await _outcomes.FailedAsync(Failure(job) with { FailedAt = Noon.AddMinutes(-1) }, "merge", Noon.AddHours(-1), TestContext.Current.CancellationToken);
        var fault = Fault("publish not confirmed");

        await _outcomes.DeadLetteredAsync(job, Guid.NewGuid(), Image, Noon.AddHours(-1), "merge", fault, TestContext.Current.CancellationToken);

        Assert.True(fault.Timestamp > Noon.AddMinutes(-1));
        Assert.Equal(JobState.DeadLettered, (await _outcomes.ReadAsync(job, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task DeadLettered_OfANewerSubmission_ReplacesTheOldOutcome_WithTheException()
    {
        var job = Guid.NewGuid();
        await _outcomes.FailedAsync(Failure(job), "segmentation", Noon, TestContext.Current.CancellationToken);

        await _outcomes.DeadLetteredAsync(job, Guid.NewGuid(), Image, Noon.AddHours(1), "merge", Fault("The store did not answer"), TestContext.Current.CancellationToken);

        var outcome = await _outcomes.ReadAsync(job, TestContext.Current.CancellationToken);
        Assert.Equal(JobState.DeadLettered, outcome!.State);
        Assert.Equal("merge", outcome.Stage);
        Assert.Equal(typeof(TimeoutException).FullName, outcome.ExceptionType);
        Assert.Equal("The store did not answer", outcome.Detail);
        Assert.False(outcome.IsCurrentFor(Noon.AddHours(2)));
        Assert.True(outcome.IsCurrentFor(Noon.AddHours(1)));
    }

    [Fact]
    public async Task Failed_DetailLongerThanTheLimit_IsCut()
    {
        var job = Guid.NewGuid();

        await _outcomes.FailedAsync(Failure(job) with { Detail = new string('x', 100_000) }, "merge", Noon, TestContext.Current.CancellationToken);

        var outcome = await _outcomes.ReadAsync(job, TestContext.Current.CancellationToken);
        Assert.Equal(JobOutcome.MaxDetailLength + 1, outcome!.Detail!.Length);
        Assert.EndsWith("…", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"jobId":"00000000-0000-0000-0000-000000000001","batchId":"00000000-0000-0000-0000-000000000002","image":{"bucket":"b","key":"k"},"state":"Succeeded","stage":"merge","finishedAt":"2026-11-29T12:00:00Z"}""", "names job")]
    [InlineData("""{"jobId":"@JOB","batchId":"00000000-0000-0000-0000-000000000002","image":{"bucket":"b","key":"k"},"state":"Exploded","stage":"merge","finishedAt":"2026-11-29T12:00:00Z"}""", "not an outcome")]
    [InlineData("""{"jobId":"@JOB","batchId":"00000000-0000-0000-0000-000000000002","state":"Failed","stage":"merge","finishedAt":"2026-11-29T12:00:00Z"}""", "image")]
    [InlineData("""{"jobId":"@JOB","batchId":"00000000-0000-0000-0000-000000000002","image":{"bucket":"b","key":"k"},"state":"Failed","reason":99,"stage":"merge","finishedAt":"2026-11-29T12:00:00Z"}""", "unknown state or reason")]
    [InlineData("[1,2,3]", "not an outcome")]
    public async Task ReadAsync_ForgedOrBrokenOutcome_NamesTheProblem(string json, string problem)
    {
        var job = Guid.NewGuid();
        var bytes = Encoding.UTF8.GetBytes(json.Replace("@JOB", job.ToString(), StringComparison.Ordinal));
        await _store.PutAsync(_layout.JobOutcome(job), new MemoryStream(bytes), bytes.Length, "application/json", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => _outcomes.ReadAsync(job, TestContext.Current.CancellationToken));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_OutcomeOverTheLimit_IsRefusedUnread()
    {
        var job = Guid.NewGuid();
        var bytes = new byte[JobOutcome.MaxBytes + 1];
        await _store.PutAsync(_layout.JobOutcome(job), new MemoryStream(bytes), bytes.Length, "application/json", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => _outcomes.ReadAsync(job, TestContext.Current.CancellationToken));

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.Null(await _outcomes.ReadAsync(Guid.NewGuid(), TestContext.Current.CancellationToken));
    }

    private static ObjectRef Image => new() { Bucket = "images", Key = "desk.jpg" };

    private static SegmentationFailed Failure(Guid job) => new()
    {
        JobId = job,
        BatchId = Guid.NewGuid(),
        Image = Image,
        Reason = FailureReason.ImageUnreadable,
        Detail = "not a photo",
        FailedAt = Noon,
    };

    private static FaultEvent<SegmentImage> Fault(string message)
    {
        var job = new SegmentImage { JobId = Guid.NewGuid(), BatchId = Guid.NewGuid(), Image = Image, Prompt = "monitor." };
        return new FaultEvent<SegmentImage>(job, null, HostMetadataCache.Host, new TimeoutException(message), []);
    }
}
