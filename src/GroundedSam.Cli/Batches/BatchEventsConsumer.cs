using GroundedSam.Contracts;
using MassTransit;

namespace GroundedSam.Cli.Batches;

/// <summary>Feeds the end of each job to the <see cref="BatchProgress"/> the command is waiting on.</summary>
internal sealed class BatchEventsConsumer(BatchProgress progress) : IConsumer<InpaintReady>, IConsumer<SegmentationFailed>
{
    public Task Consume(ConsumeContext<InpaintReady> context)
    {
        progress.Record(context.Message.BatchId, context.Message.JobId, context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<SegmentationFailed> context)
    {
        progress.Record(context.Message.BatchId, context.Message.JobId, context.Message);
        return Task.CompletedTask;
    }
}
