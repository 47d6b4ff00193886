using System.Collections.Concurrent;
using GroundedSam.Contracts;
using MassTransit;

namespace GroundedSam.FaultSuite;

/// <summary>
/// Every terminal event of the run as it arrives, by job: <see cref="InpaintReady"/>, <see cref="SegmentationFailed"/>,
/// and the faults a stage publishes when it gives up. Fed by a consumer on the observer's own temporary queue, which
/// reaches the broker directly, past the proxy the faults act on.
/// </summary>
internal sealed class JobLedger :
    IConsumer<InpaintReady>, IConsumer<SegmentationFailed>, IConsumer<Fault<SegmentImage>>, IConsumer<Fault<ImageSegmented>>
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<Ending>> _endings = new();

    /// <summary>When each job ended, first event only, and how.</summary>
    public IReadOnlyDictionary<Guid, Ending> First => _endings.ToDictionary(e => e.Key, e => e.Value.First());

    /// <summary>Terminal events beyond the first, over all jobs.</summary>
    public int Duplicates => _endings.Values.Sum(e => e.Count - 1);

    public IEnumerable<DateTimeOffset> Times => _endings.Values.SelectMany(e => e).Select(e => e.At);

    public int Ended => _endings.Count;

    public Task Consume(ConsumeContext<InpaintReady> context) => Record(context.Message.JobId, "InpaintReady");

    public Task Consume(ConsumeContext<SegmentationFailed> context) => Record(context.Message.JobId, context.Message.Reason.ToString());

    public Task Consume(ConsumeContext<Fault<SegmentImage>> context) => Record(context.Message.Message.JobId, "Fault<SegmentImage>");

    public Task Consume(ConsumeContext<Fault<ImageSegmented>> context) => Record(context.Message.Message.JobId, "Fault<ImageSegmented>");

    private Task Record(Guid jobId, string outcome)
    {
        _endings.GetOrAdd(jobId, _ => new ConcurrentQueue<Ending>()).Enqueue(new Ending(outcome, DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }

    /// <param name="Outcome">"InpaintReady", a failure reason, or the fault's message type.</param>
    public sealed record Ending(string Outcome, DateTimeOffset At);
}
