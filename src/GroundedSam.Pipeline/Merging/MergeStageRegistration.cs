using GroundedSam.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GroundedSam.Pipeline.Merging;

/// <summary>The merge stage's wiring: its options, its consumer, and the CPU worker that runs it.</summary>
public static class MergeStageRegistration
{
    /// <summary>The merge stage: its options and <see cref="MergeJob"/>.</summary>
    public static IServiceCollection AddMergeStage(this IServiceCollection services)
    {
        services.AddOptions<MergeStageOptions>().BindConfiguration(MergeStageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddStageEssentials().TryAddSingleton<MergeJob>();
        return services;
    }

    /// <summary>The merge consumer, and the one that records the jobs any stage dead-lettered (<see cref="JobFaultConsumer"/>).</summary>
    public static void AddMergeConsumer(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MaskMergeConsumer, MaskMergeConsumerDefinition>();
        bus.AddConsumer<JobFaultConsumer, JobFaultConsumerDefinition>();
    }

    /// <summary>The CPU worker: the merge stage on RabbitMQ and S3.</summary>
    public static IHostApplicationBuilder AddMaskMergeWorker(this IHostApplicationBuilder builder) =>
        builder.AddStageWorker(services => services.AddMergeStage(), bus => bus.AddMergeConsumer());
}
