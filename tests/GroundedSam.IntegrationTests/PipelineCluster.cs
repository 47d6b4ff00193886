using GroundedSam.ServiceDefaults;
using GroundedSam.Pipeline.Merging;
using GroundedSam.Segmentation;
using GroundedSam.Contracts;
using GroundedSam.Masks;
using GroundedSam.Storage;
using GroundedSam.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// Worker hosts built exactly as the worker programs build them (<c>AddSegmentationWorker</c>,
/// <c>AddMaskMergeWorker</c>), each with its own connection, on the real broker (a fresh virtual host) and the real
/// S3 server (fresh buckets), plus the test's own bus that publishes jobs and records the events.
/// </summary>
internal sealed class PipelineCluster : IAsyncDisposable
{
    private readonly BrokerIsolation _broker;
    private readonly Dictionary<string, string?> _configuration;
    private readonly IHost _observer;
    private readonly MinioObjectStore _store;

    private PipelineCluster(BrokerIsolation broker, Dictionary<string, string?> configuration, IHost observer, MinioObjectStore store, StorageLayout layout)
    {
        _broker = broker;
        _configuration = configuration;
        _observer = observer;
        _store = store;
        Layout = layout;
    }

    public List<IHost> SegmentationWorkers { get; } = [];

    public List<IHost> MergeWorkers { get; } = [];

    public EventLog Events => _observer.Services.GetRequiredService<EventLog>();

    public IObjectStore Store => _store;

    public StorageLayout Layout { get; }

    public BrokerIsolation Broker => _broker;

    /// <summary>The cluster's settings ("Section:Key"), for a worker started as a process on the same broker and store.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _configuration;

    /// <summary>The cluster's broker and storage settings as a JSON file, for <c>gsam --config</c>.</summary>
    public string WriteConfigFile(string path)
    {
        var sections = _configuration.Where(kv => kv.Key.StartsWith("RabbitMq:", StringComparison.Ordinal) || kv.Key.StartsWith("Storage:", StringComparison.Ordinal))
            .GroupBy(kv => kv.Key.Split(':')[0])
            .ToDictionary(g => g.Key, g => g.ToDictionary(kv => kv.Key.Split(':')[1], kv => kv.Value));
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(sections));
        return path;
    }

    public static async Task<PipelineCluster> StartAsync(int segmentationWorkers, int mergeWorkers)
    {
        var broker = await BrokerIsolation.CreateAsync(await TestServices.RabbitMqAsync());
        var s3 = await TestServices.S3Async();
        var run = Guid.NewGuid().ToString("N")[..12];
        var configuration = new Dictionary<string, string?>(broker.Endpoint.Settings().Concat(s3.Settings($"it-{run}-images", $"it-{run}-results")))
        {
            ["RabbitMq:ConnectTimeoutSeconds"] = "30",
            ["Models:Folder"] = RepositoryPaths.TinyModels,
            ["Execution:PreferCuda"] = "false",
            ["Execution:IntraOpThreads"] = "1",
            ["Segmentation:ConcurrentJobs"] = "2",
            ["Worker:ShutdownTimeoutSeconds"] = "20",
        };
        var options = new StorageOptions
        {
            Endpoint = configuration["Storage:Endpoint"]!,
            AccessKey = s3.AccessKey,
            SecretKey = s3.SecretKey,
            ImagesBucket = configuration["Storage:ImagesBucket"]!,
            ResultsBucket = configuration["Storage:ResultsBucket"]!,
        };
        var store = new MinioObjectStore(options);
        var layout = new StorageLayout(options);
        await store.EnsureBucketAsync(layout.ImagesBucket, CancellationToken.None);
        await store.EnsureBucketAsync(layout.ResultsBucket, CancellationToken.None);

        var observer = await TestHosts.StartListenerAsync<EventLog>(configuration, services => services.AddSingleton<EventLog>());
        var cluster = new PipelineCluster(broker, configuration, observer, store, layout);
        for (var i = 0; i < segmentationWorkers; i++)
        {
            await cluster.StartSegmentationWorkerAsync();
        }

        for (var i = 0; i < mergeWorkers; i++)
        {
            cluster.MergeWorkers.Add(await TestHosts.StartAsync(configuration, b => b.AddWorkerLifetime().AddMaskMergeWorker()));
        }

        return cluster;
    }

    public async Task<IHost> StartSegmentationWorkerAsync()
    {
        var worker = await TestHosts.StartAsync(_configuration, b => b.AddWorkerLifetime().AddSegmentationWorker());
        SegmentationWorkers.Add(worker);
        return worker;
    }

    public Task<ObjectRef> UploadAsync(string name, byte[] content) => Store.UploadPhotoAsync(Layout, name, content);

    public Task PublishAsync(SegmentImage job) => _observer.Services.GetRequiredService<IBus>().Publish(job);

    public static SegmentImage Job(ObjectRef image, Guid batchId) => TestStore.Job(image, batchId);

    public async Task WaitUntilAsync(Func<EventLog, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition(Events))
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}: {Events.Ready.Count} InpaintReady, {Events.Failed.Count} SegmentationFailed so far.");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    public Task<List<string>> JobKeysAsync(Guid jobId) => Store.JobKeysAsync(Layout, jobId);

    public Task<BinaryMask> ReadMaskAsync(ObjectRef mask) => Store.ReadMaskAsync(mask);

    public static byte[] Jpeg(int width, int height, int seed) => SyntheticPhotos.FlatJpeg(width, height, new Rgb24((byte)(seed * 37), (byte)(seed * 11), 120), quality: 85);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in SegmentationWorkers.Concat(MergeWorkers).Append(_observer))
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
            }

            host.Dispose();
        }

        _store.Dispose();
        await _broker.DisposeAsync();
    }
}
