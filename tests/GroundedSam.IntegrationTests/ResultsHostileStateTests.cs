using System.Text;
using GroundedSam.Contracts;
using GroundedSam.Storage;
using GroundedSam.Testing;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// <c>gsam results</c> against a hostile S3 state on the real S3 server: a batch manifest whose names point outside
/// <c>--out</c> and whose old <c>outputName</c> field says "../../victim", and job prefixes holding keys the layout
/// never writes, outcomes that lie (another job's, not JSON, a detail with terminal escapes). Nothing outside
/// <c>--out</c> is created, truncated or deleted, every name is printed escaped, and failures.json names the rest.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed class ResultsHostileStateTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gsam-results-it-").FullName;
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private MinioObjectStore? _store;
    private S3Endpoint? _s3;

    private string Results => $"it-{_run}-results";

    public async ValueTask InitializeAsync()
    {
        _s3 = await TestServices.S3Async();
        _store = new MinioObjectStore(new StorageOptions { Endpoint = _s3.Url.ToString().TrimEnd('/'), AccessKey = _s3.AccessKey, SecretKey = _s3.SecretKey });
        await _store.EnsureBucketAsync(Results, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _store?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Results_HostileManifestAndKeys_WritesOnlyInsideOut()
    {
        var victim = Path.Combine(_folder, "victim.jpg");
        await File.WriteAllTextAsync(victim, "precious", TestContext.Current.CancellationToken);
        var batch = Guid.NewGuid();
        var (climber, escaper, twin) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var job in new[] { climber, escaper, twin })
        {
            await PutAsync(job, "merged-mask.png", [1, 2, 3]);
            await PutAsync(job, "masks/monitor-1.png", [4]);
            await PutAsync(job, JobFiles.Outcome, Outcome(job, batch, """ "state":"Succeeded" """));
        }

        // Outcomes that lie: another job's success, not JSON at all, a failure whose detail would drive the terminal.
        var (impostor, garbled, failed) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await PutAsync(impostor, "merged-mask.png", [1]);
        await PutAsync(impostor, JobFiles.Outcome, Outcome(climber, batch, """ "state":"Succeeded" """));
        await PutAsync(garbled, JobFiles.Outcome, [0x7b, 0xff, 0x00]);
        await PutAsync(failed, JobFiles.Outcome, Outcome(failed, batch, """ "state":"Failed","reason":"ImageUnreadable","detail":"bad\u001b[2J\u0007 photo" """));

        // Keys the store itself would refuse to write, planted with the bare S3 client as any other tool could.
        await PutRawAsync(climber, "notes.txt");
        await PutRawAsync(climber, "masks/e\u001b[2J.png");
        await PutRawAsync(climber, "masks\\..\\..\\victim.jpg");
        await PutRawAsync(climber, "overlay.jpg/victim");
        var manifest = $$"""
            {"batchId":"{{batch}}","prompt":"monitor.","submittedAt":"2026-11-29T10:00:00Z","jobs":[
              {"jobId":"{{climber}}","image":{"bucket":"x-images","key":"a.jpg"},"name":"../../victim.jpg","outputName":"../../victim"},
              {"jobId":"{{escaper}}","image":{"bucket":"x-images","key":"b.jpg"},"name":"esc\u001b]0;owned\u0007.jpg","outputName":"/etc"},
              {"jobId":"{{twin}}","image":{"bucket":"x-images","key":"c.jpg"},"name":"victim.jpg","outputName":".."},
              {"jobId":"{{impostor}}","image":{"bucket":"x-images","key":"d.jpg"},"name":"impostor.jpg"},
              {"jobId":"{{garbled}}","image":{"bucket":"x-images","key":"e.jpg"},"name":"garbled.jpg"},
              {"jobId":"{{failed}}","image":{"bucket":"x-images","key":"f.jpg"},"name":"failed.jpg"}]}
            """;
        var bytes = Encoding.UTF8.GetBytes(manifest);
        await _store!.PutAsync(new ObjectRef { Bucket = Results, Key = $"batches/{batch:N}/jobs.json" }, new MemoryStream(bytes), bytes.Length, "application/json",
            TestContext.Current.CancellationToken);
        var output = Path.Combine(_folder, "out");

        var (exit, text) = await Gsam.RunAsync("results", batch.ToString(), "--out", output, "--config", WriteConfig());

        Assert.True(exit == 1, text);
        Assert.Equal("precious", await File.ReadAllTextAsync(victim, TestContext.Current.CancellationToken));
        Assert.Equal(["gsam.json", "out", "victim.jpg"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["esc_]0;owned_", "victim", "victim~2"], Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(output, "*", SearchOption.AllDirectories), file => Assert.StartsWith(output + Path.DirectorySeparatorChar, file, StringComparison.Ordinal));
        Assert.Contains("left out", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.Contains("3 of 6 photo(s)", text, StringComparison.Ordinal);
        Assert.Contains("✗ failed.jpg: ImageUnreadable: bad", text, StringComparison.Ordinal);

        using var report = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "failures.json"), TestContext.Current.CancellationToken));
        Assert.Equal("gsam-batch-failures", report.RootElement.GetProperty("kind").GetString());
        var failure = Assert.Single(report.RootElement.GetProperty("failures").EnumerateArray());
        Assert.Equal(failed, failure.GetProperty("jobId").GetGuid());
        Assert.Equal("ImageUnreadable", failure.GetProperty("reason").GetString());
        var pending = report.RootElement.GetProperty("pending").EnumerateArray().ToDictionary(p => p.GetProperty("jobId").GetGuid());
        Assert.Equal(new[] { impostor, garbled }.Order(), pending.Keys.Order());
        Assert.Contains("not an outcome", pending[garbled].GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, "impostor")), "a job whose outcome names another job is not downloaded");
    }

    private static byte[] Outcome(Guid job, Guid batch, string fields) => Encoding.UTF8.GetBytes(
        $$"""{"jobId":"{{job}}","batchId":"{{batch}}","image":{"bucket":"x-images","key":"a.jpg"},"stage":"merge","finishedAt":"2026-11-29T10:01:00Z",{{fields}}}""");

    private Task PutAsync(Guid job, string relative, byte[] content) =>
        _store!.PutAsync(new ObjectRef { Bucket = Results, Key = StorageLayout.JobPrefix(job) + relative }, new MemoryStream(content), content.Length, "application/octet-stream",
            TestContext.Current.CancellationToken);

    private async Task PutRawAsync(Guid job, string relative)
    {
        using var client = MinioObjectStore.CreateClient(new StorageOptions { Endpoint = _s3!.Url.ToString().TrimEnd('/'), AccessKey = _s3.AccessKey, SecretKey = _s3.SecretKey });
        await client.PutObjectAsync(new Minio.DataModel.Args.PutObjectArgs().WithBucket(Results).WithObject(StorageLayout.JobPrefix(job) + relative)
            .WithStreamData(new MemoryStream([9, 9])).WithObjectSize(2), TestContext.Current.CancellationToken);
    }

    private string WriteConfig()
    {
        var path = Path.Combine(_folder, "gsam.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Storage"] = new Dictionary<string, string>
            {
                ["Endpoint"] = _s3!.Url.ToString().TrimEnd('/'),
                ["AccessKey"] = _s3.AccessKey,
                ["SecretKey"] = _s3.SecretKey,
                ["ImagesBucket"] = $"it-{_run}-images",
                ["ResultsBucket"] = Results,
            },
        }));
        return path;
    }

}
