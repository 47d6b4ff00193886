using GroundedSam.Pipeline.Merging;
using GroundedSam.Segmentation;
using GroundedSam.Contracts;
using GroundedSam.Masks;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Storage;
using GroundedSam.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GroundedSam.Pipeline.Tests;

/// <summary>
/// Both stages on MassTransit's test harness, with the committed tiny models on real ONNX Runtime sessions and a
/// temporary folder as the object store.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _root;

    private PipelineHarness(ServiceProvider provider, string root)
    {
        _provider = provider;
        _root = root;
    }

    public ITestHarness Harness => _provider.GetRequiredService<ITestHarness>();

    /// <summary>What the stages published; wait on this, not on the harness's inactivity-bound lists.</summary>
    public PublishedMessages Published { get; } = new();

    public IObjectStore Store => _provider.GetRequiredService<IObjectStore>();

    public StorageLayout Layout => _provider.GetRequiredService<StorageLayout>();

    public IServiceProvider Services => _provider;

    /// <param name="store">Wraps the folder store, e.g. to make it fail.</param>
    /// <param name="configure">More services, registered first (a detector that throws, other settings).</param>
    public static async Task<PipelineHarness> StartAsync(Func<IObjectStore, IObjectStore>? store = null, int retryLimit = 5,
        Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var root = Directory.CreateTempSubdirectory("gsam-harness-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:Folder"] = RepositoryPaths.TinyModels,
            ["Execution:PreferCuda"] = "false",
            ["Segmentation:RetryLimit"] = retryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        configure?.Invoke(services);
        if (store is not null)
        {
            services.AddSingleton(store(new FolderObjectStore(root)));
        }

        services
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddFolderObjectStore(root)
            .AddSegmentationStage()
            .AddMergeStage();
        services.AddMassTransitTestHarness(bus =>
        {
            bus.AddGsamDefaults(configuration);
            bus.AddSegmentationConsumer();
            bus.AddMergeConsumer();
        });

        // The harness stops waiting (and its own lists stop answering) after these; the tests wait on Published.
        services.AddOptions<TestHarnessOptions>().Configure(o =>
        {
            o.TestTimeout = PublishedMessages.Deadline * 2;
            o.TestInactivityTimeout = PublishedMessages.Deadline;
        });
        var harness = new PipelineHarness(services.BuildServiceProvider(validateScopes: true), root);
        await harness.Store.EnsureBucketAsync(harness.Layout.ImagesBucket, CancellationToken.None);
        await harness.Store.EnsureBucketAsync(harness.Layout.ResultsBucket, CancellationToken.None);
        await harness.Harness.Start();
        harness.Harness.Bus.ConnectPublishObserver(harness.Published);
        return harness;
    }

    public Task<ObjectRef> UploadAsync(string name, byte[] content) => Store.UploadPhotoAsync(Layout, name, content);

    public Task<BinaryMask> ReadMaskAsync(ObjectRef mask) => Store.ReadMaskAsync(mask);

    public Task<List<string>> JobKeysAsync(Guid jobId) => Store.JobKeysAsync(Layout, jobId);

    public static byte[] Jpeg(int width, int height) => SyntheticPhotos.Jpeg(width, height);

    /// <summary>Publishes the job and waits for how it ended: its <see cref="InpaintReady"/> or <see cref="SegmentationFailed"/>.</summary>
    public async Task<object> RunAsync(SegmentImage job)
    {
        await Harness.Bus.Publish(job, TestContext.Current.CancellationToken);
        return await Published.WaitForAsync<object>(m => m is InpaintReady r && r.JobId == job.JobId || m is SegmentationFailed f && f.JobId == job.JobId);
    }

    public static SegmentImage Job(ObjectRef image, string prompt = "monitor. keyboard. mouse.", MergePolicy? merge = null) => TestStore.Job(image, Guid.NewGuid(), prompt, merge);

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
