using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GroundedSam.Pipeline.Hosting;

/// <summary>Everything a worker host's Program.cs needs, so that it stays a few lines.</summary>
public static class WorkerHostExtensions
{
    /// <summary>The GPU worker: the segmentation stage on RabbitMQ and S3.</summary>
    public static IHostApplicationBuilder AddSegmentationWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddS3ObjectStore().AddSegmentationEngine().AddRabbitMqOptions();
        builder.Services.AddSingleton<IValidateOptions<ModelsOptions>, ModelsOptionsValidation>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddGsamDefaults(builder.Configuration);
            bus.AddSegmentationConsumer();
            bus.UsingConfiguredRabbitMq();
        });
        return builder.AddWorkerLifetime();
    }

    /// <summary>The CPU worker: the merge stage on RabbitMQ and S3.</summary>
    public static IHostApplicationBuilder AddMaskMergeWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddS3ObjectStore().AddMergeStage().AddRabbitMqOptions();
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddGsamDefaults(builder.Configuration);
            bus.AddMergeConsumer();
            bus.UsingConfiguredRabbitMq();
        });
        return builder.AddWorkerLifetime();
    }

    // Start: fail after the connect timeout instead of retrying forever against a missing broker. Stop: consumers
    // get the shutdown timeout to finish the jobs in hand, then are cancelled and their messages go back to the queue.
    private static IHostApplicationBuilder AddWorkerLifetime(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WorkerOptions>, ShippedCredentials>();
        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<WorkerOptions>, IOptions<RabbitMqOptions>>((host, worker, broker) =>
        {
            var shutdown = TimeSpan.FromSeconds(worker.Value.ShutdownTimeoutSeconds);
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(broker.Value.ConnectTimeoutSeconds);
            host.StopTimeout = shutdown;
            host.ConsumerStopTimeout = shutdown - TimeSpan.FromSeconds(Math.Min(5, shutdown.TotalSeconds / 2));
        });
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(worker.Value.ShutdownTimeoutSeconds + 5));
        return builder;
    }
}
