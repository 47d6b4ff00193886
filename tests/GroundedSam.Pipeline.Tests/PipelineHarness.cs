using GroundedSam.Contracts;
using GroundedSam.Inference.Masks;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Storage;
using GroundedSam.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

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

    public IObjectStore Store => _provider.GetRequiredService<IObjectStore>();

    public StorageLayout Layout => _provider.GetRequiredService<StorageLayout>();

    /// <param name="store">Wraps the folder store, e.g. to make it fail.</param>
    public static async Task<PipelineHarness> StartAsync(Func<IObjectStore, IObjectStore>? store = null, int retryLimit = 5)
    {
        var root = Directory.CreateTempSubdirectory("gsam-harness-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:Folder"] = RepositoryPaths.TinyModels,
            ["Execution:PreferCuda"] = "false",
            ["Segmentation:RetryLimit"] = retryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        if (store is not null)
        {
            services.AddSingleton(store(new FolderObjectStore(root)));
        }

        services
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddFolderObjectStore(root)
            .AddSegmentationEngine()
            .AddMergeStage();
        services.AddMassTransitTestHarness(bus =>
        {
            bus.AddSegmentationConsumer();
            bus.AddMergeConsumer();
        });
        var harness = new PipelineHarness(services.BuildServiceProvider(validateScopes: true), root);
        await harness.Store.EnsureBucketAsync(harness.Layout.ImagesBucket, CancellationToken.None);
        await harness.Store.EnsureBucketAsync(harness.Layout.ResultsBucket, CancellationToken.None);
        await harness.Harness.Start();
        return harness;
    }

    public async Task<ObjectRef> UploadAsync(string name, byte[] content)
    {
        var image = Layout.Upload(Guid.Empty, name);
        using var stream = new MemoryStream(content);
        await Store.PutAsync(image, stream, content.Length, "image/jpeg", CancellationToken.None);
        return image;
    }

    public async Task<BinaryMask> ReadMaskAsync(ObjectRef mask)
    {
        using var buffer = new MemoryStream();
        await Store.GetAsync(mask, buffer, CancellationToken.None);
        buffer.Position = 0;
        return MaskPng.Read(buffer);
    }

    public async Task<List<string>> JobKeysAsync(Guid jobId)
    {
        var keys = new List<string>();
        await foreach (var item in Store.ListAsync(Layout.ResultsBucket, StorageLayout.JobPrefix(jobId), CancellationToken.None))
        {
            keys.Add(item.Ref.Key[StorageLayout.JobPrefix(jobId).Length..]);
        }

        return keys;
    }

    public static byte[] Jpeg(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(100, 120, 140));
        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer, new JpegEncoder { Quality = 90 });
        return buffer.ToArray();
    }

    public static SegmentImage Job(ObjectRef image, string prompt = "monitor. keyboard. mouse.", MergePolicy? merge = null) => new()
    {
        JobId = Guid.NewGuid(),
        BatchId = Guid.NewGuid(),
        Image = image,
        Prompt = prompt,
        Merge = merge,
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
