using GroundedSam.Contracts;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference.Pipeline;
using GroundedSam.Inference.Sam2;
using GroundedSam.Pipeline.Merging;
using GroundedSam.Pipeline.Segmentation;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GroundedSam.Pipeline.Hosting;

/// <summary>The wiring shared by the worker hosts, the embedded mode of <c>gsam run</c>, the tests and the benchmarks.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>The S3-compatible store from section <c>Storage</c>, validated at start, with its buckets created.</summary>
    public static IServiceCollection AddS3ObjectStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new StorageLayout(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddSingleton<IObjectStore>(sp => new MinioObjectStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddHostedService<BucketSetup>();
        return services;
    }

    /// <summary>A folder as the object store (embedded mode), with the default bucket names.</summary>
    public static IServiceCollection AddFolderObjectStore(this IServiceCollection services, string root)
    {
        var defaults = new StorageOptions();
        services.TryAddSingleton(new StorageLayout(defaults.ImagesBucket, defaults.ResultsBucket));
        services.TryAddSingleton<IObjectStore>(new FolderObjectStore(root));
        services.AddHostedService<BucketSetup>();
        return services;
    }

    /// <summary>
    /// Grounding DINO and SAM 2 from section <c>Models</c> on the device of section <c>Execution</c>, behind one
    /// GPU gate. A detector or segmenter registered before this call is used instead (tests, benchmarks).
    /// </summary>
    public static IServiceCollection AddSegmentationEngine(this IServiceCollection services)
    {
        services.AddOptions<SegmentationOptions>().BindConfiguration(SegmentationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExecutionOptions>().BindConfiguration("Execution").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ModelsOptions>().BindConfiguration(ModelsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new OnnxSessionFactory(sp.GetRequiredService<IOptions<ExecutionOptions>>().Value,
            sp.GetRequiredService<ILogger<OnnxSessionFactory>>()));
        services.TryAddSingleton<IDetector>(sp =>
        {
            var models = new ModelPaths(sp.GetRequiredService<IOptions<ModelsOptions>>().Value.Folder);
            models.EnsureExist();
            return GroundingDinoDetector.Open(models.GroundingDino, models.Vocabulary, sp.GetRequiredService<OnnxSessionFactory>());
        });
        services.TryAddSingleton<ISegmenter>(sp =>
        {
            var models = new ModelPaths(sp.GetRequiredService<IOptions<ModelsOptions>>().Value.Folder);
            return Sam2Segmenter.Open(models.Sam2Encoder, models.Sam2Decoder, sp.GetRequiredService<OnnxSessionFactory>());
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SegmentationOptions>>().Value;
            return new PhotoDecoder(new ImageLimits { MaxBytes = options.MaxImageBytes, MaxPixels = options.MaxPixels });
        });
        services.TryAddSingleton<GpuGate>();
        services.TryAddSingleton<DeliveryGuard>();
        services.TryAddSingleton(sp =>
        {
            var detector = sp.GetRequiredService<IDetector>();
            var segmenter = sp.GetRequiredService<ISegmenter>();
            var identity = new ModelIdentity
            {
                Detector = detector is GroundingDinoDetector ? "grounding-dino-tiny" : detector.GetType().Name,
                Segmenter = segmenter is Sam2Segmenter ? "sam2.1-hiera-tiny" : segmenter.GetType().Name,
                Device = sp.GetRequiredService<OnnxSessionFactory>().Provider,
            };
            return new SegmentationEngine(new GroundedSegmenter(detector, segmenter, sp.GetRequiredService<PhotoDecoder>()), sp.GetRequiredService<GpuGate>(), identity);
        });
        services.AddHostedService<ModelWarmup>();
        return services;
    }

    /// <summary>The merge stage's options.</summary>
    public static IServiceCollection AddMergeStage(this IServiceCollection services)
    {
        services.AddOptions<MergeStageOptions>().BindConfiguration(MergeStageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DeliveryGuard>();
        return services;
    }

    public static void AddSegmentationConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<SegmentImageConsumer, SegmentImageConsumerDefinition>();

    public static void AddMergeConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<MaskMergeConsumer, MaskMergeConsumerDefinition>();

    /// <summary>RabbitMQ from section <c>RabbitMq</c>, every registered consumer on its own endpoint.</summary>
    /// <param name="configure">More endpoints, such as a temporary queue for a command that waits on events.</param>
    public static void UsingConfiguredRabbitMq(this IBusRegistrationConfigurator bus, Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configure = null) =>
        bus.UsingRabbitMq((context, configurator) =>
        {
            var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
            configurator.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
            {
                host.Username(options.Username);
                host.Password(options.Password);
                host.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
                if (options.UseTls)
                {
                    host.UseSsl(_ => { });
                }
            });
            configure?.Invoke(context, configurator);
            configurator.ConfigureEndpoints(context);
        });

    /// <summary>
    /// RabbitMQ from section <c>RabbitMq</c> for a bus that only listens: <typeparamref name="TConsumer"/> gets the
    /// pipeline's events on a temporary queue of its own (deleted when the bus stops), as <c>gsam submit --wait</c>
    /// and the test observers do.
    /// </summary>
    public static void UsingConfiguredRabbitMqListener<TConsumer>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer
    {
        bus.AddConsumer<TConsumer>().ExcludeFromConfigureEndpoints();
        bus.UsingConfiguredRabbitMq((context, rabbit) =>
            rabbit.ReceiveEndpoint(new TemporaryEndpointDefinition(), endpoint => endpoint.ConfigureConsumer<TConsumer>(context)));
    }

    /// <summary>
    /// A bus that only listens, for observers of the pipeline's events: the RabbitMQ options from
    /// <paramref name="configuration"/>, the house defaults and <typeparamref name="TConsumer"/> on a temporary queue.
    /// </summary>
    public static IServiceCollection AddPipelineListener<TConsumer>(this IServiceCollection services, IConfiguration configuration)
        where TConsumer : class, IConsumer
    {
        services.AddRabbitMqOptions();
        services.AddMassTransit(bus =>
        {
            bus.AddGsamDefaults(configuration);
            bus.UsingConfiguredRabbitMqListener<TConsumer>();
        });
        return services;
    }

    public static IServiceCollection AddRabbitMqOptions(this IServiceCollection services)
    {
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
