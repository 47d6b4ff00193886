using System.Text.Json;
using System.Text.RegularExpressions;
using GroundedSam.Cli;
using GroundedSam.Contracts;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// <c>gsam status</c>, <c>gsam cancel</c> and <c>gsam errors list/replay</c> against workers on the real broker and
/// S3 server, after <c>submit</c> has gone: every answer comes from the outcomes the stages stored and from the
/// broker's queues.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed partial class BatchCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gsam-batch-it-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Status_AfterTheBatchEnded_CountsOutcomesByStateAndReason()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 1, mergeWorkers: 1);
        var photos = await PhotosAsync(3);
        await File.WriteAllTextAsync(Path.Combine(photos, "broken.jpg"), "not a photo", TestContext.Current.CancellationToken);
        var config = cluster.WriteConfigFile(Path.Combine(_folder, "gsam.json"));
        var (_, submitted) = await Gsam.RunAsync("submit", photos, "--prompt", "monitor. keyboard.", "--wait", "--config", config);
        var batch = BatchId().Match(submitted).Groups[1].Value;

        var (exit, text) = await Gsam.RunAsync("status", batch, "--config", config);
        var (jsonExit, json) = await Gsam.RunAsync("status", batch, "--json", "--slowest", "2", "--config", config);

        Assert.True(exit == 0, text);
        Assert.Matches(@"succeeded\s+3", text);
        Assert.Matches(@"failed\s+1", text);
        Assert.Matches(@"pending\s+0", text);
        Assert.Contains("ImageUnreadable: 1", text, StringComparison.Ordinal);
        Assert.Contains("✗ broken.jpg: ImageUnreadable", text, StringComparison.Ordinal);
        Assert.Contains("Slowest jobs", text, StringComparison.Ordinal);
        Assert.Equal(0, jsonExit);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(3, root.GetProperty("counts").GetProperty("Succeeded").GetInt32());
        Assert.Equal(1, root.GetProperty("failuresByReason").GetProperty("ImageUnreadable").GetInt32());
        var slowest = root.GetProperty("slowest").EnumerateArray().ToList();
        Assert.Equal(2, slowest.Count);
        Assert.True(slowest[0].GetProperty("processingMs").GetDouble() >= slowest[1].GetProperty("processingMs").GetDouble());
        Assert.All(slowest, s => Assert.True(s.GetProperty("processingMs").GetDouble() > 0));
        var failure = Assert.Single(root.GetProperty("failures").EnumerateArray());
        Assert.Equal("broken.jpg", failure.GetProperty("name").GetString());
        Assert.Equal("segmentation", failure.GetProperty("stage").GetString());

        // The succeeded jobs as one COCO file, straight from the store.
        var coco = Path.Combine(_folder, "coco.json");
        var (exportExit, exported) = await Gsam.RunAsync("export", "coco", batch, "--out", coco, "--config", config);
        Assert.True(exportExit == 0, exported);
        using var dataset = JsonDocument.Parse(await File.ReadAllBytesAsync(coco, TestContext.Current.CancellationToken));
        Assert.Equal(["desk-0.jpg", "desk-1.jpg", "desk-2.jpg"], dataset.RootElement.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("file_name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["monitor", "keyboard"], dataset.RootElement.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(cluster.Events.Ready.Sum(r => r.InstanceCount), dataset.RootElement.GetProperty("annotations").GetArrayLength());
    }

    [Fact]
    public async Task Cancel_QueuedJobs_EndCancelledWithoutModelsThenRunWhenSubmittedAgain()
    {
        // The worker has run once (its queue exists) and is stopped: the jobs wait in the queue.
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 1, mergeWorkers: 1);
        await cluster.SegmentationWorkers[0].StopAsync(TestContext.Current.CancellationToken);
        var photos = await PhotosAsync(3);
        var config = cluster.WriteConfigFile(Path.Combine(_folder, "gsam.json"));
        var (_, submitted) = await Gsam.RunAsync("submit", photos, "--prompt", "monitor.", "--config", config);
        var batch = BatchId().Match(submitted).Groups[1].Value;

        var (cancelExit, cancelled) = await Gsam.RunAsync("cancel", batch, "--config", config);
        Assert.True(cancelExit == 0, cancelled);
        Assert.Contains("its 3 pending job(s) end as Cancelled", cancelled, StringComparison.Ordinal);
        await cluster.StartSegmentationWorkerAsync();

        var status = await Eventually.ReadAsync(() => StatusAsync(batch, config), s => s.GetProperty("counts").GetProperty("Failed").GetInt32() == 3);
        Assert.True(status.GetProperty("failuresByReason").TryGetProperty("Cancelled", out var cancelledCount) && cancelledCount.GetInt32() == 3, status.ToString());
        Assert.Equal(3, await Eventually.ReadAsync(() => cluster.Events.Failed.Count(f => f.Reason == FailureReason.Cancelled), n => n == 3));
        foreach (var failure in status.GetProperty("failures").EnumerateArray())
        {
            // No model ran: the job folder holds its outcome and nothing else.
            Assert.Equal([JobFiles.Outcome], await cluster.JobKeysAsync(failure.GetProperty("jobId").GetGuid()));
        }

        var (againExit, again) = await Gsam.RunAsync("submit", photos, "--prompt", "monitor.", "--batch", batch, "--config", config);
        Assert.True(againExit == 0, again);
        status = await Eventually.ReadAsync(() => StatusAsync(batch, config), s => s.GetProperty("counts").GetProperty("Succeeded").GetInt32() == 3);
        Assert.Equal(3, status.GetProperty("counts").GetProperty("Succeeded").GetInt32());
        Assert.Equal(0, status.GetProperty("counts").GetProperty("Failed").GetInt32());
    }

    [Fact]
    public async Task Errors_DeadLettersListedThenReplayedOneAndAll_EveryJobSucceeds()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 0, mergeWorkers: 1);
        var photos = await PhotosAsync(2);
        var config = cluster.WriteConfigFile(Path.Combine(_folder, "gsam.json"));

        // A segmentation worker whose store is gone: MassTransit moves each job to segment-image_error with its fault headers.
        var broken = await TestHosts.StartAsync(cluster.Settings, b =>
        {
            b.Services.AddRabbitMqOptions();
            b.Services.AddMassTransit(bus =>
            {
                bus.AddGsamDefaults(b.Configuration);
                bus.AddConsumer<StoreGone>().Endpoint(e => e.Name = "segment-image");
                bus.UsingConfiguredRabbitMq();
            });
        }, TestContext.Current.CancellationToken);
        var (_, submitted) = await Gsam.RunAsync("submit", photos, "--prompt", "monitor.", "--config", config);
        var batch = BatchId().Match(submitted).Groups[1].Value;

        var status = await Eventually.ReadAsync(() => StatusAsync(batch, config), s => s.GetProperty("counts").GetProperty("DeadLettered").GetInt32() == 2);
        Assert.Equal(2, status.GetProperty("counts").GetProperty("DeadLettered").GetInt32());
        var jobs = status.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("jobId").GetGuid()).Order().ToList();
        Assert.All(status.GetProperty("failures").EnumerateArray(), f => Assert.Equal(typeof(TimeoutException).FullName, f.GetProperty("exceptionType").GetString()));

        var (listExit, list) = await Gsam.RunAsync("errors", "list", "segment-image", "--config", config);
        Assert.True(listExit == 0, list);
        Assert.Contains("2 message(s) in segment-image_error", list, StringComparison.Ordinal);
        Assert.All(jobs, job => Assert.Contains(job.ToString(), list, StringComparison.Ordinal));
        Assert.Contains("System.TimeoutException: The store did not answer (test)", list, StringComparison.Ordinal);
        // Listing left them in place (the management API's figures lag by a few seconds).
        Assert.Equal(2, await Eventually.ReadAsync(() => cluster.Broker.QueueDepthAsync("segment-image_error"), d => d == 2));

        await broken.StopAsync(TestContext.Current.CancellationToken);
        broken.Dispose();
        await cluster.StartSegmentationWorkerAsync();

        var (oneExit, one) = await Gsam.RunAsync("errors", "replay", "segment-image", "--job", jobs[0].ToString(), "--config", config);
        Assert.True(oneExit == 0, one);
        Assert.Contains("Moved 1 message(s) from segment-image_error back to segment-image; 1 left there.", one, StringComparison.Ordinal);
        status = await Eventually.ReadAsync(() => StatusAsync(batch, config), s => s.GetProperty("counts").GetProperty("Succeeded").GetInt32() == 1);
        Assert.Equal(1, status.GetProperty("counts").GetProperty("Succeeded").GetInt32());
        Assert.Equal(jobs[1], Assert.Single(status.GetProperty("failures").EnumerateArray()).GetProperty("jobId").GetGuid());

        var (listJsonExit, listJson) = await Gsam.RunAsync("errors", "list", "segment-image_error", "--json", "--config", config);
        Assert.Equal(0, listJsonExit);
        using (var letters = JsonDocument.Parse(listJson))
        {
            var letter = Assert.Single(letters.RootElement.GetProperty("messages").EnumerateArray());
            Assert.Equal(jobs[1], letter.GetProperty("jobId").GetGuid());
            Assert.True(letter.GetProperty("firstFailedAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        }

        var (allExit, all) = await Gsam.RunAsync("errors", "replay", "segment-image", "--all", "--config", config);
        Assert.True(allExit == 0, all);
        Assert.Contains("Moved 1 message(s)", all, StringComparison.Ordinal);
        status = await Eventually.ReadAsync(() => StatusAsync(batch, config), s => s.GetProperty("counts").GetProperty("Succeeded").GetInt32() == 2);
        Assert.Equal(2, status.GetProperty("counts").GetProperty("Succeeded").GetInt32());
        Assert.Equal(0, await Eventually.ReadAsync(() => cluster.Broker.QueueDepthAsync("segment-image_error"), d => d == 0));

        var (missingExit, missing) = await Gsam.RunAsync("errors", "replay", "segment-image", "--job", jobs[0].ToString(), "--config", config);
        Assert.Equal(1, missingExit);
        Assert.Contains($"No dead letter of job {jobs[0]}", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_UnknownQueueOrNeitherJobNorAll_SaysWhatToDo()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 0, mergeWorkers: 0);
        var config = cluster.WriteConfigFile(Path.Combine(_folder, "gsam.json"));

        var (unknownExit, unknown) = await Gsam.RunAsync("errors", "list", "no-such-queue", "--config", config);
        var neither = GsamCommand.Create(new ConsoleCapture().AsConsole()).Parse(["errors", "replay", "segment-image", "--config", config]);

        Assert.Equal(2, unknownExit);
        Assert.Contains("There is no queue no-such-queue_error", unknown, StringComparison.Ordinal);
        Assert.Contains(neither.Errors, e => e.Message == "Give either --job ID (one or more) or --all.");
    }

    private async Task<string> PhotosAsync(int count)
    {
        var photos = Directory.CreateDirectory(Path.Combine(_folder, "photos")).FullName;
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(photos, $"desk-{i}.jpg"), PipelineCluster.Jpeg(160, 120, i), TestContext.Current.CancellationToken);
        }

        return photos;
    }

    private static async Task<JsonElement> StatusAsync(string batch, string config)
    {
        var (exit, json) = await Gsam.RunAsync("status", batch, "--json", "--config", config);
        Assert.True(exit == 0, json);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }


    [GeneratedRegex("Batch ([0-9a-f-]{36}):")]
    private static partial Regex BatchId();

    private sealed class StoreGone : IConsumer<SegmentImage>
    {
        public Task Consume(ConsumeContext<SegmentImage> context) => throw new TimeoutException("The store did not answer (test)");
    }
}
