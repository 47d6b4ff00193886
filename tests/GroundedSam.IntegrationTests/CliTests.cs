using System.Text.RegularExpressions;

namespace GroundedSam.IntegrationTests;

/// <summary><c>gsam submit --wait</c> and <c>gsam results</c> against workers on the real broker and S3 server.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed partial class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gsam-cli-it-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SubmitWaitThenResults_DeskPhotos_EveryPhotoEndsAndDownloads()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 1, mergeWorkers: 1);
        var photos = Directory.CreateDirectory(Path.Combine(_folder, "photos")).FullName;
        for (var i = 0; i < 3; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(photos, $"desk-{i}.jpg"), PipelineCluster.Jpeg(240, 180, i), TestContext.Current.CancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(photos, "broken.jpg"), "not a photo", TestContext.Current.CancellationToken);
        var config = cluster.WriteConfigFile(Path.Combine(_folder, "gsam.json"));

        var (submitExit, submitted) = await Gsam.RunAsync("submit", photos, "--prompt", "monitor. keyboard. mouse.", "--wait", "--config", config);

        Assert.Equal(1, submitExit);
        Assert.Contains("4 job(s) queued (4 photo(s) uploaded, 0 already there)", submitted, StringComparison.Ordinal);
        Assert.Contains("3 of 4 photo(s) ready for inpainting, 15 object(s); 1 failed.", submitted, StringComparison.Ordinal);
        Assert.Contains("✗ broken.jpg: ImageUnreadable", submitted, StringComparison.Ordinal);
        var batch = BatchId().Match(submitted).Groups[1].Value;

        var output = Path.Combine(_folder, "out");
        var (resultsExit, results) = await Gsam.RunAsync("results", batch, "--out", output, "--config", config);

        Assert.Equal(1, resultsExit);
        Assert.Contains("3 of 4 photo(s)", results, StringComparison.Ordinal);
        Assert.Contains("broken.jpg", results, StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(File.Exists(Path.Combine(output, $"desk-{i}", "merged-mask.png")));
            Assert.Equal(5, Directory.GetFiles(Path.Combine(output, $"desk-{i}", "masks")).Length);
        }

        // The viewer lists every photo: the three with their folders and pictures, the broken one with its reason.
        var html = await File.ReadAllTextAsync(Path.Combine(output, "index.html"), TestContext.Current.CancellationToken);
        var data = html[(html.IndexOf("id=\"gsam-data\">", StringComparison.Ordinal) + "id=\"gsam-data\">".Length)..];
        using var viewer = System.Text.Json.JsonDocument.Parse(data[..data.IndexOf("</script>", StringComparison.Ordinal)]);
        var listed = viewer.RootElement.GetProperty("photos").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(($"gsam results {batch}", 4), (viewer.RootElement.GetProperty("title").GetString(), listed.Count));
        Assert.Equal(("failed", "ImageUnreadable"), (listed["broken.jpg"].GetProperty("status").GetString(), listed["broken.jpg"].GetProperty("reason").GetString()));
        for (var i = 0; i < 3; i++)
        {
            var photo = listed[$"desk-{i}.jpg"];
            Assert.Equal(("ok", $"desk-{i}", 5), (photo.GetProperty("status").GetString(), photo.GetProperty("folder").GetString(), photo.GetProperty("instances").GetArrayLength()));
            Assert.Equal(["preview.jpg", "thumbnail.jpg", "overlay.jpg", "merged-mask.png", "detections.json"], photo.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        }

        var (againExit, again) = await Gsam.RunAsync("submit", photos, "--prompt", "monitor.", "--batch", batch, "--config", config);
        Assert.Equal(0, againExit);
        Assert.Contains("(0 photo(s) uploaded, 4 already there)", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_NoSegmentationWorkerEverStarted_RefusesBeforeUploadingAnything()
    {
        // Published now, the jobs would reach an exchange bound to no queue and vanish.
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 0, mergeWorkers: 0);
        var photos = Directory.CreateDirectory(Path.Combine(_folder, "photos")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(photos, "desk.jpg"), PipelineCluster.Jpeg(64, 48, 1), TestContext.Current.CancellationToken);
        var config = cluster.WriteConfigFile(Path.Combine(_folder, "gsam.json"));

        var (exit, output) = await Gsam.RunAsync("submit", photos, "--prompt", "monitor.", "--config", config);

        Assert.Equal(2, exit);
        Assert.Contains("no queue segment-image", output, StringComparison.Ordinal);
        Assert.Contains("nothing was uploaded or queued", output, StringComparison.Ordinal);
        await foreach (var uploaded in cluster.Store.ListAsync(cluster.Layout.ImagesBucket, string.Empty, TestContext.Current.CancellationToken))
        {
            Assert.Fail($"{uploaded.Ref.Key} was uploaded");
        }
    }

    [Fact]
    public async Task Submit_BrokerUnreachable_ExitsTwoNamingIt()
    {
        var config = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(config, """{"RabbitMq":{"Host":"127.0.0.1","Port":1,"ConnectTimeoutSeconds":3},"Storage":{"Endpoint":"127.0.0.1:1","AccessKey":"a","SecretKey":"b"}}""",
            TestContext.Current.CancellationToken);
        var photos = Directory.CreateDirectory(Path.Combine(_folder, "photos")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(photos, "desk.jpg"), PipelineCluster.Jpeg(64, 48, 1), TestContext.Current.CancellationToken);

        var (exit, output) = await Gsam.RunAsync("submit", photos, "--prompt", "monitor.", "--config", config);

        Assert.Equal(2, exit);
        Assert.Contains("error:", output, StringComparison.Ordinal);
    }


    [GeneratedRegex("Batch ([0-9a-f-]{36}):")]
    private static partial Regex BatchId();
}
