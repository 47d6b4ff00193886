using GroundedSam.Contracts;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Pipeline.Telemetry;
using MassTransit;
using Microsoft.Extensions.Options;

namespace GroundedSam.Pipeline.Merging;

/// <summary>
/// Records the jobs a stage gave up on after its retries (the faults MassTransit publishes as it moves a message to
/// the stage's <c>_error</c> queue) as <see cref="JobState.DeadLettered"/>, so that <c>gsam status</c> counts them.
/// It runs in the merge worker, the pipeline's CPU side, for both stages.
/// </summary>
public sealed class JobFaultConsumer(JobOutcomes outcomes) : IConsumer<Fault<SegmentImage>>, IConsumer<Fault<ImageSegmented>>
{
    public Task Consume(ConsumeContext<Fault<SegmentImage>> context)
    {
        var job = context.Message.Message;
        return job is null || job.JobId == Guid.Empty
            ? Task.CompletedTask
            : outcomes.DeadLetteredAsync(job.JobId, job.BatchId, job.Image, job.SubmittedAt, PipelineMetrics.SegmentationStage, context.Message, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<Fault<ImageSegmented>> context)
    {
        var job = context.Message.Message;
        return job is null || job.JobId == Guid.Empty
            ? Task.CompletedTask
            : outcomes.DeadLetteredAsync(job.JobId, job.BatchId, job.Image, job.SubmittedAt, PipelineMetrics.MergeStage, context.Message, context.CancellationToken);
    }
}

/// <summary>The <c>job-faults</c> endpoint: small, rare messages; retries for a store that hiccups.</summary>
public sealed class JobFaultConsumerDefinition : ConsumerDefinition<JobFaultConsumer>
{
    public const string QueueName = "job-faults";
    private const int RetryLimit = 5;
    private readonly bool _quorumQueues;

    public JobFaultConsumerDefinition(IOptions<RabbitMqOptions> broker)
    {
        _quorumQueues = broker.Value.UseQuorumQueues;
        EndpointName = QueueName;
        ConcurrentMessageLimit = 4;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<JobFaultConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        EndpointPolicy.Apply(endpointConfigurator, context, RetryLimit, _quorumQueues);
}
