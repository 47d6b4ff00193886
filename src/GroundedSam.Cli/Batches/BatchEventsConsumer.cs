using GroundedSam.Contracts;
using MassTransit;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// Feeds the end of each job to the <see cref="BatchProgress"/> the command is waiting on: <see cref="InpaintReady"/>,
/// <see cref="SegmentationFailed"/>, or the fault MassTransit publishes when a stage gave up after its retries (the
/// message then sits in the stage's <c>_error</c> queue), so that a waiting command always ends.
/// </summary>
internal sealed class BatchEventsConsumer(BatchProgress progress) :
    IConsumer<InpaintReady>, IConsumer<SegmentationFailed>, IConsumer<Fault<SegmentImage>>, IConsumer<Fault<ImageSegmented>>
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

    public Task Consume(ConsumeContext<Fault<SegmentImage>> context)
    {
        var job = context.Message.Message;
        progress.Record(job.BatchId, job.JobId, new JobFaulted("segmentation", Describe(context.Message)));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Fault<ImageSegmented>> context)
    {
        var job = context.Message.Message;
        progress.Record(job.BatchId, job.JobId, new JobFaulted("merge", Describe(context.Message)));
        return Task.CompletedTask;
    }

    private static string Describe(Fault fault) =>
        fault.Exceptions.FirstOrDefault() is { } first ? $"{first.ExceptionType}: {first.Message}" : "no exception recorded";
}
