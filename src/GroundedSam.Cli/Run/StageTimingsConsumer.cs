using GroundedSam.Cli.Batches;
using GroundedSam.Contracts;
using MassTransit;

namespace GroundedSam.Cli.Run;

/// <summary>
/// <c>gsam run</c> only: keeps each job's segmentation timings from its <see cref="ImageSegmented"/>, so that the
/// photo's line shows them as <c>gsam segment</c>'s does. (A waiting <c>submit</c> does not subscribe to every
/// photo's ImageSegmented of the fleet.)
/// </summary>
internal sealed class StageTimingsConsumer(BatchProgress progress) : IConsumer<ImageSegmented>
{
    public Task Consume(ConsumeContext<ImageSegmented> context)
    {
        progress.RecordTimings(context.Message.BatchId, context.Message.JobId, context.Message.Timings);
        return Task.CompletedTask;
    }
}
