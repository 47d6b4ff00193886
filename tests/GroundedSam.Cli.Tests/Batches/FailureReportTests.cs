using System.Text.Json;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Folders;
using GroundedSam.Contracts;
using GroundedSam.Pipeline.Outcomes;

namespace GroundedSam.Cli.Tests.Batches;

/// <summary>failures.json in <c>--out</c>: what it lists, and what it refuses to replace.</summary>
public sealed class FailureReportTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly string _out = Directory.CreateTempSubdirectory("gsam-failures-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task WriteAsync_ListsFailedDeadLetteredAndPending_AndReplacesItsOwnReport()
    {
        var status = Status();

        await FailureReport.WriteAsync(_out, status, Noon, TestContext.Current.CancellationToken);
        var path = await FailureReport.WriteAsync(_out, status, Noon.AddMinutes(1), TestContext.Current.CancellationToken);

        using var report = JsonDocument.Parse(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        var failures = report.RootElement.GetProperty("failures").EnumerateArray().ToList();
        Assert.Equal(["broken.jpg", "stuck.jpg"], failures.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal("ImageUnreadable", failures[0].GetProperty("reason").GetString());
        Assert.Equal("DeadLettered", failures[1].GetProperty("state").GetString());
        Assert.Equal("waiting.jpg", Assert.Single(report.RootElement.GetProperty("pending").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(Noon.AddMinutes(1), report.RootElement.GetProperty("writtenAt").GetDateTimeOffset());
        Assert.Equal([FailureReport.FileName], Directory.GetFileSystemEntries(_out).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_OutFolderNotThereYet_CreatesItWithTheReport()
    {
        // No photo succeeded, so nothing else made --out: the report is what tells why.
        var folder = Path.Combine(_out, "not-yet");

        var path = await FailureReport.WriteAsync(folder, Status(), Noon, TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(folder, FailureReport.FileName), path);
        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("someone's notes")]
    [InlineData("""{"kind":"something-else"}""")]
    [InlineData("")]
    public async Task WriteAsync_FileNotWrittenByGsamInItsPlace_StopsAndKeepsIt(string content)
    {
        var path = Path.Combine(_out, FailureReport.FileName);
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<OutputConflictException>(() => FailureReport.WriteAsync(_out, Status(), Noon, TestContext.Current.CancellationToken));

        Assert.Equal(content, await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteAsync_FifoOrSymlinkInItsPlace_StopsWithoutOpeningOrFollowingIt()
    {
        var victim = Path.Combine(Directory.CreateTempSubdirectory("gsam-victim-").FullName, "victim.json");
        await File.WriteAllTextAsync(victim, """{"kind":"gsam-batch-failures"}""", TestContext.Current.CancellationToken);
        File.CreateSymbolicLink(Path.Combine(_out, FailureReport.FileName), victim);
        var fifoFolder = Directory.CreateDirectory(Path.Combine(_out, "fifo")).FullName;
        SpecialFiles.Fifo(Path.Combine(fifoFolder, FailureReport.FileName));

        await Assert.ThrowsAsync<OutputConflictException>(() => FailureReport.WriteAsync(_out, Status(), Noon, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<OutputConflictException>(() => FailureReport.WriteAsync(fifoFolder, Status(), Noon, TestContext.Current.CancellationToken));

        Assert.Equal("""{"kind":"gsam-batch-failures"}""", await File.ReadAllTextAsync(victim, TestContext.Current.CancellationToken));
        Directory.Delete(Path.GetDirectoryName(victim)!, recursive: true);
    }

    private static BatchStatus Status()
    {
        var batch = Guid.NewGuid();
        BatchManifest.Job Job(string name) => new(Guid.NewGuid(), new ObjectRef { Bucket = "images", Key = name }, name);
        JobOutcome Outcome(BatchManifest.Job job, JobState state, FailureReason? reason) => new()
        {
            JobId = job.JobId, BatchId = batch, Image = job.Image, State = state, FinishedAt = Noon, Stage = "segmentation", Reason = reason, Detail = "why",
        };
        var (done, broken, stuck, waiting) = (Job("done.jpg"), Job("broken.jpg"), Job("stuck.jpg"), Job("waiting.jpg"));
        return new BatchStatus(new BatchManifest(batch, "monitor.", Noon, [done, broken, stuck, waiting]), CancelledAt: null,
        [
            new(done, JobState.Succeeded, Outcome(done, JobState.Succeeded, null), null),
            new(broken, JobState.Failed, Outcome(broken, JobState.Failed, FailureReason.ImageUnreadable), null),
            new(stuck, JobState.DeadLettered, Outcome(stuck, JobState.DeadLettered, null), null),
            new(waiting, JobState.Pending, null, null),
        ]);
    }
}
