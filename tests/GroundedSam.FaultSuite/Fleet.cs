using GroundedSam.Storage;
using GroundedSam.Testing;

namespace GroundedSam.FaultSuite;

/// <summary>
/// Segmentation and merge workers as real processes, on a virtual host of their own on the real broker and buckets of
/// their own on the real S3 server, each reaching both through a <see cref="TcpFaultProxy"/>, so that a scenario can
/// take the broker or S3 away from the workers without touching the shared services. A supervisor starts again every
/// worker whose process ended.
/// </summary>
internal sealed class Fleet : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource _stopping = new();
    private Task? _supervisor;

    private Fleet(BrokerIsolation broker, S3Endpoint s3, TcpFaultProxy brokerProxy, TcpFaultProxy s3Proxy, MinioObjectStore store, StorageLayout layout)
    {
        Broker = broker;
        S3 = s3;
        BrokerProxy = brokerProxy;
        S3Proxy = s3Proxy;
        Store = store;
        Layout = layout;
    }

    public BrokerIsolation Broker { get; }

    public S3Endpoint S3 { get; }

    /// <summary>What the workers reach the broker through.</summary>
    public TcpFaultProxy BrokerProxy { get; }

    /// <summary>What the workers reach S3 through.</summary>
    public TcpFaultProxy S3Proxy { get; }

    /// <summary>The buckets, reached directly (not through the proxy).</summary>
    public MinioObjectStore Store { get; }

    public StorageLayout Layout { get; }

    public List<WorkerSlot> Segmentation { get; } = [];

    public List<WorkerSlot> Merge { get; } = [];

    public IEnumerable<WorkerSlot> All => Segmentation.Concat(Merge);

    /// <summary>Worker restarts after their process ended (kills, crashes, SIGTERM).</summary>
    public int Restarts => All.Sum(w => w.Starts - 1);

    /// <summary>Restarts after a worker died of a poison photo.</summary>
    public int PoisonCrashes => All.Sum(w => w.PoisonCrashes);

    /// <summary>What each poison crash died in (<see cref="WorkerSlot.PoisonCrashNotes"/>).</summary>
    public IEnumerable<string> PoisonCrashNotes => All.SelectMany(w => w.PoisonCrashNotes);

    public static async Task<Fleet> StartAsync(string segmentationProject, int segmentationWorkers, int mergeWorkers, CancellationToken cancellationToken)
    {
        var rabbit = await TestServices.RabbitMqAsync();
        var broker = await BrokerIsolation.CreateAsync(rabbit);
        var s3 = await TestServices.S3Async();
        var run = Guid.NewGuid().ToString("N")[..10];
        var layout = new StorageLayout($"fault-{run}-images", $"fault-{run}-results");
        var store = new MinioObjectStore(new StorageOptions { Endpoint = $"{s3.Url.Scheme}://{s3.Url.Authority}", AccessKey = s3.AccessKey, SecretKey = s3.SecretKey });
        await store.EnsureBucketAsync(layout.ImagesBucket, cancellationToken);
        await store.EnsureBucketAsync(layout.ResultsBucket, cancellationToken);
        var fleet = new Fleet(broker, s3, new TcpFaultProxy(rabbit.Host, rabbit.Port), new TcpFaultProxy(s3.Url.Host, s3.Url.Port), store, layout);
        for (var i = 0; i < segmentationWorkers; i++)
        {
            fleet.Segmentation.Add(new WorkerSlot($"segmentation-{i + 1}", segmentationProject, fleet.Settings));
        }

        for (var i = 0; i < mergeWorkers; i++)
        {
            fleet.Merge.Add(new WorkerSlot($"merge-{i + 1}", "GroundedSam.MaskMergeWorker", fleet.Settings));
        }

        foreach (var worker in fleet.All)
        {
            worker.Start();
        }

        await fleet.WaitUntilReadyAsync(TimeSpan.FromMinutes(3), cancellationToken);
        fleet._supervisor = Task.Run(() => fleet.SuperviseAsync(fleet._stopping.Token), CancellationToken.None);
        return fleet;
    }

    /// <summary>Waits until every worker answers ready; throws with the workers' output when one does not.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + deadline;
        foreach (var worker in All)
        {
            while (!await IsReadyAsync(worker, cancellationToken))
            {
                if (DateTime.UtcNow > until)
                {
                    throw new TimeoutException($"{worker.Name} was not ready within {deadline.TotalSeconds:0} s:\n{worker.Process?.Output}");
                }

                await Task.Delay(250, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_supervisor is not null)
        {
            await _supervisor.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        foreach (var worker in All)
        {
            await worker.DisposeAsync();
        }

        await BrokerProxy.DisposeAsync();
        await S3Proxy.DisposeAsync();
        await Broker.DisposeAsync();
        Store.Dispose();
        _stopping.Dispose();
    }

    private static async Task<bool> IsReadyAsync(WorkerSlot worker, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{worker.Port}/health/ready"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // An orchestrator's restart loop: an ended worker process is started again within about a second.
    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var worker in All)
            {
                await worker.ReviveAsync();
            }

            await Task.Delay(1000, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    // Both services through their fault proxies.
    private Dictionary<string, string?> Settings(int port) => new((Broker.Endpoint with { Host = "127.0.0.1" }).Settings(BrokerProxy.Port)
        .Concat(S3.Settings(Layout.ImagesBucket, Layout.ResultsBucket, $"http://127.0.0.1:{S3Proxy.Port}")))
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["RabbitMq:ConnectTimeoutSeconds"] = "120",
        ["Models:Folder"] = RepositoryPaths.TinyModels,
        ["Execution:PreferCuda"] = "false",
        ["Execution:IntraOpThreads"] = "1",
        ["Worker:ShutdownTimeoutSeconds"] = "20",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
