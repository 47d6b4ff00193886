using GroundedSam.Pipeline.Delivery;
using MassTransit;

namespace GroundedSam.Pipeline.Hosting;

/// <summary>
/// What every stage endpoint shares: transient failures retried with exponential back-off (1 s doubling to 60 s)
/// before the message goes to the endpoint's <c>_error</c> queue, jobs that cannot succeed never retried, events held
/// in an in-memory outbox until the consumer has finished (a failed attempt publishes nothing, so a retry cannot
/// announce a job twice), and quorum queues on a clustered broker.
/// </summary>
internal static class EndpointPolicy
{
    public static void Apply(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, int retryLimit, bool quorumQueues, params Type[] permanent)
    {
        endpoint.UseMessageRetry(retry =>
        {
            retry.Exponential(retryLimit, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));
            retry.Ignore([typeof(JobRejectedException), .. permanent]);
        });
        endpoint.UseInMemoryOutbox(context);
        if (quorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
        }
    }
}
