using GroundedSam.Pipeline.Delivery;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GroundedSam.Pipeline.Hosting;

/// <summary>The wiring both stages share (store, broker), for the worker hosts, <c>gsam run</c>, the tests and the benchmarks.</summary>
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

    /// <summary>What every stage uses whatever carries it: the clock, the pipeline's meter, the delivery guard, the jobs' outcomes and the batches' cancellation marks.</summary>
    public static IServiceCollection AddStageEssentials(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<PipelineMetrics>();
        services.TryAddSingleton<DeliveryGuard>();
        services.TryAddSingleton<JobOutcomes>();
        services.TryAddSingleton<BatchCancellation>();
        return services;
    }

    /// <summary>
    /// A worker of one stage: the S3 store and RabbitMQ from configuration, <paramref name="stage"/>'s services and
    /// <paramref name="consumer"/> on its endpoint, with the house bus defaults and telemetry.
    /// </summary>
    public static IHostApplicationBuilder AddStageWorker(this IHostApplicationBuilder builder, Action<IServiceCollection> stage,
        Action<IBusRegistrationConfigurator> consumer)
    {
        builder.AddPipelineTelemetry();
        stage(builder.Services.AddS3ObjectStore().AddRabbitMqOptions());
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddGsamDefaults(builder.Configuration);
            consumer(bus);
            bus.UsingConfiguredRabbitMq();
        });
        return builder;
    }

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
                host.RequestedConnectionTimeout(RabbitMqOptions.AttemptTimeout);
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
