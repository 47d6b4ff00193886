using System.Collections.Concurrent;
using GroundedSam.Contracts;
using MassTransit;

namespace GroundedSam.IntegrationTests;

/// <summary>Every InpaintReady and SegmentationFailed the test's own temporary queue received, duplicates included.</summary>
internal sealed class EventLog : IConsumer<InpaintReady>, IConsumer<SegmentationFailed>
{
    public ConcurrentQueue<InpaintReady> Ready { get; } = new();

    public ConcurrentQueue<SegmentationFailed> Failed { get; } = new();

    public int EndedJobs => Ready.Select(r => r.JobId).Concat(Failed.Select(f => f.JobId)).Distinct().Count();

    public Task Consume(ConsumeContext<InpaintReady> context)
    {
        Ready.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<SegmentationFailed> context)
    {
        Failed.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}
