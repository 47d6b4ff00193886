using GroundedSam.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace GroundedSam.Pipeline.Merging;

/// <summary>The <c>merge-masks</c> endpoint: CPU work, several jobs at once, retries for transient storage errors.</summary>
public sealed class MaskMergeConsumerDefinition : ConsumerDefinition<MaskMergeConsumer>
{
    public const string QueueName = "merge-masks";
    private readonly MergeStageOptions _options;
    private readonly RabbitMqOptions _broker;

    public MaskMergeConsumerDefinition(IOptions<MergeStageOptions> options, IOptions<RabbitMqOptions> broker)
    {
        _options = options.Value;
        _broker = broker.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = _options.ConcurrentJobs;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MaskMergeConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.ConcurrentJobs + _options.Prefetch;
        EndpointPolicy.Apply(endpointConfigurator, context, _options.RetryLimit, _broker.UseQuorumQueues);
    }
}
