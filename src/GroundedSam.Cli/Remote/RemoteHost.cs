using GroundedSam.Cli.Batches;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GroundedSam.Cli.Remote;

/// <summary>A short-lived host for <c>gsam submit</c> and <c>gsam results</c>: the object store and, when asked, the bus.</summary>
internal static class RemoteHost
{
    /// <param name="progress">With a batch to wait on, a temporary queue receives its InpaintReady and SegmentationFailed events.</param>
    public static IHost Build(IEnumerable<KeyValuePair<string, string?>> configuration, bool withBus, BatchProgress? progress)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        builder.Services.AddS3ObjectStore();
        if (!withBus)
        {
            return builder.Build();
        }

        builder.Services.AddRabbitMqOptions();
        builder.Configuration.AddOpenTelemetryEnvironment();
        builder.AddPipelineTelemetry();
        if (progress is not null)
        {
            builder.Services.AddSingleton(progress);
        }

        builder.Services.AddMassTransit(bus =>
        {
            bus.AddGsamDefaults(builder.Configuration);
            if (progress is null)
            {
                bus.UsingConfiguredRabbitMq();
            }
            else
            {
                bus.UsingConfiguredRabbitMqListener<BatchEventsConsumer>();
            }
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<RabbitMqOptions>>((host, broker) =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(Math.Min(broker.Value.ConnectTimeoutSeconds, 30));
            host.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder.Build();
    }

    /// <summary>Starts the host, turning a broker that does not answer into one clear message.</summary>
    public static async Task StartAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or RabbitMqConnectionException && !cancellationToken.IsCancellationRequested)
        {
            var broker = host.Services.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
            throw new BrokerUnreachableException(
                $"RabbitMQ at {EndpointText.Redact(broker.Host)}:{broker.Port} (vhost {broker.VirtualHost}) did not answer: {EndpointText.Redact(ex.Message)} " +
                "Start it, or point RabbitMq__Host, RabbitMq__Port, RabbitMq__Username and RabbitMq__Password at it.", ex);
        }
    }
}
