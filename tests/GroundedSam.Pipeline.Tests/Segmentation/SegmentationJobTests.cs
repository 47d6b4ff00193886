using GroundedSam.Contracts;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Segmentation;
using GroundedSam.Storage;
using GroundedSam.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GroundedSam.Pipeline.Tests.Segmentation;

/// <summary>The job service on its own: no bus, a folder as the store, the tiny models.</summary>
public sealed class SegmentationJobTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-job-").FullName;
    private readonly ServiceProvider _services;

    public SegmentationJobTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:Folder"] = RepositoryPaths.TinyModels,
            ["Execution:PreferCuda"] = "false",
        }).Build();
        _services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddFolderObjectStore(_root).AddSegmentationStage().BuildServiceProvider(validateScopes: true);
    }

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task RunAsync_GoodPhoto_WritesEveryOutputAndDescribesItsKeys()
    {
        var (store, layout) = (_services.GetRequiredService<IObjectStore>(), _services.GetRequiredService<StorageLayout>());
        var image = await UploadAsync(store, layout, PipelineHarness.Jpeg(320, 240));
        var job = PipelineHarness.Job(image);

        var segmented = await _services.GetRequiredService<SegmentationJob>().RunAsync(job, TestContext.Current.CancellationToken);

        Assert.Equal(job.JobId, segmented.JobId);
        Assert.Equal(["monitor-1", "monitor-2", "keyboard-1", "mouse-1", "mouse-2"], segmented.Instances.Select(i => i.InstanceId));
        foreach (var key in segmented.Instances.Select(i => i.Mask).Append(segmented.Detections).Append(segmented.Overlay))
        {
            Assert.NotNull(await store.StatAsync(key, TestContext.Current.CancellationToken));
        }

        Assert.Equal(layout.JobFile(job.JobId, JobFiles.Detections), segmented.Detections);
    }

    [Fact]
    public async Task RunAsync_PhotoUnderAnUploadPrefix_DetectionsNameThePhotoByItsOwnName()
    {
        var (store, layout) = (_services.GetRequiredService<IObjectStore>(), _services.GetRequiredService<StorageLayout>());
        var image = await UploadAsync(store, layout, PipelineHarness.Jpeg(320, 240));
        var job = PipelineHarness.Job(image);
        Assert.Contains('/', image.Key);

        var segmented = await _services.GetRequiredService<SegmentationJob>().RunAsync(job, TestContext.Current.CancellationToken);

        using var content = new MemoryStream();
        await store.GetAsync(segmented.Detections, content, TestContext.Current.CancellationToken);
        var text = System.Text.Encoding.UTF8.GetString(content.ToArray());
        using var document = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal("desk.jpg", document.RootElement.GetProperty("image_path").GetString());
        Assert.DoesNotContain("\\u00", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingPhoto_ThrowsTheRejectionTheConsumerPublishes()
    {
        var layout = _services.GetRequiredService<StorageLayout>();
        await _services.GetRequiredService<IObjectStore>().EnsureBucketAsync(layout.ImagesBucket, TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<JobRejectedException>(() =>
            _services.GetRequiredService<SegmentationJob>().RunAsync(PipelineHarness.Job(layout.Upload(Guid.Empty, "absent.jpg")), TestContext.Current.CancellationToken));

        Assert.Equal(FailureReason.ImageNotFound, ex.Reason);
    }

    private static async Task<ObjectRef> UploadAsync(IObjectStore store, StorageLayout layout, byte[] photo)
    {
        await store.EnsureBucketAsync(layout.ImagesBucket, TestContext.Current.CancellationToken);
        await store.EnsureBucketAsync(layout.ResultsBucket, TestContext.Current.CancellationToken);
        return await store.UploadPhotoAsync(layout, "desk.jpg", photo);
    }
}
