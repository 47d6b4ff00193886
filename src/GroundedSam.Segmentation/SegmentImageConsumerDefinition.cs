using GroundedSam.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace GroundedSam.Segmentation;

/// <summary>
/// The <c>segment-image</c> endpoint: a few jobs in hand (one on the GPU, the others preparing or uploading), a small
/// prefetch so that idle workers get work, retries with back-off for transient failures (then <c>segment-image_error</c>),
/// and raw JSON accepted beside MassTransit's envelope, so a producer in another language can send plain JSON.
/// </summary>
public sealed class SegmentImageConsumerDefinition : ConsumerDefinition<SegmentImageConsumer>
{
    public const string QueueName = "segment-image";
    private readonly SegmentationOptions _options;
    private readonly RabbitMqOptions _broker;

    public SegmentImageConsumerDefinition(IOptions<SegmentationOptions> options, IOptions<RabbitMqOptions> broker)
    {
        _options = options.Value;
        _broker = broker.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = _options.ConcurrentJobs;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SegmentImageConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.ConcurrentJobs + _options.Prefetch;
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType | RawSerializerOptions.AddTransportHeaders, isDefault: false);
        EndpointPolicy.Apply(endpointConfigurator, context, _options.RetryLimit, _broker.UseQuorumQueues);
    }
}
