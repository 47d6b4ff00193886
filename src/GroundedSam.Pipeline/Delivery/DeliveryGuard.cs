using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using GroundedSam.Contracts;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace GroundedSam.Pipeline.Delivery;

/// <summary>
/// Keeps a job that kills its worker (a native crash, an out-of-memory kill) from walking through the fleet killing
/// every worker. A job the broker hands out again (redelivered: its worker died or lost the broker with it in hand)
/// is a suspect, but so is every job that was in hand beside the culprit, so a suspect runs alone on its worker: it
/// waits for the jobs in hand and holds off new ones. Each isolated run is counted in <c>jobs/{jobId}/{stage}.isolated</c>
/// before it starts; a suspect that has already run alone <see cref="DefaultMaxIsolatedRuns"/> times without finishing
/// ends in <see cref="FailureReason.WorkerCrashed"/>, and one that finishes clears its count. First deliveries, nearly
/// all of them, run side by side and cost no request.
/// </summary>
/// <remarks>
/// The count names the message it counts, so that a quarantine holds: the count stays after it, and a redelivery of
/// the same message (its rejection was never acknowledged) is refused again without a run, while the same job
/// submitted again (a new message) starts from zero. Within one delivery the decision is taken once: a retry of the
/// consumer after a transient failure neither counts again nor runs a quarantined job.
/// </remarks>
public sealed partial class DeliveryGuard(IObjectStore store, StorageLayout layout, ILogger<DeliveryGuard> logger) : IDisposable
{
    /// <summary>Isolated runs a suspect gets before it is quarantined. Default of the stages' <c>MaxIsolatedRuns</c> settings.</summary>
    public const int DefaultMaxIsolatedRuns = 2;

    private readonly ConcurrentDictionary<string, JobIsolation> _stages = new();

    /// <summary>
    /// Runs <paramref name="work"/> when the job may run (alone, when it is a suspect), counting an isolated run first;
    /// throws <see cref="JobRejectedException"/> when the suspect has had its isolated runs. A job that ended, well or
    /// for good, clears its count; a transient failure keeps it.
    /// </summary>
    /// <param name="capacity">Jobs the stage runs at once (its <c>ConcurrentJobs</c>).</param>
    public Task RunAsync(ConsumeContext context, Guid jobId, string stage, int capacity, int maxIsolatedRuns, Func<Task> work) =>
        RunAsync(new Delivery(context.ReceiveContext.Redelivered, context.MessageId, context.ReceiveContext.GetOrAddPayload(() => new Decision())),
            jobId, stage, capacity, maxIsolatedRuns, work, context.CancellationToken);

    /// <summary><see cref="RunAsync(ConsumeContext, Guid, string, int, int, Func{Task})"/> for one delivery, described by <paramref name="delivery"/>.</summary>
    public async Task RunAsync(Delivery delivery, Guid jobId, string stage, int capacity, int maxIsolatedRuns, Func<Task> work,
        CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(delivery, jobId, stage, capacity, maxIsolatedRuns, cancellationToken);
        try
        {
            await work();
        }
        catch (JobRejectedException)
        {
            await lease.FinishedAsync(cancellationToken);
            throw;
        }

        await lease.FinishedAsync(cancellationToken);
    }

    private async Task<Lease> EnterAsync(Delivery delivery, Guid jobId, string stage, int capacity, int maxIsolatedRuns, CancellationToken cancellationToken)
    {
        var isolation = _stages.GetOrAdd(stage, _ => new JobIsolation(capacity));
        if (!delivery.Redelivered || jobId == Guid.Empty)
        {
            return new Lease(store, await isolation.EnterAsync(exclusive: false, cancellationToken), null);
        }

        var decision = delivery.Decision;
        var counter = layout.JobFile(jobId, JobFiles.IsolationCounter(stage));
        if (decision.Quarantined is { } quarantined)
        {
            throw quarantined.Again();
        }

        var slot = await isolation.EnterAsync(exclusive: true, cancellationToken);
        try
        {
            if (!decision.Counted)
            {
                var runs = await ReadAsync(counter, delivery.MessageId, cancellationToken);
                if (runs >= maxIsolatedRuns)
                {
                    // The count stays: were this rejection never acknowledged, the message's next delivery is refused too.
                    var rejection = new JobRejectedException(FailureReason.WorkerCrashed,
                        $"The job came back after {runs} run(s) alone on a {stage} worker that never finished it: it probably stops the worker, and is quarantined " +
                        "so that it cannot stop more. Report it with the photo; if the workers were only being restarted, submit the job again.");
                    decision.Quarantined = rejection;
                    LogQuarantined(logger, jobId, stage, runs);
                    throw rejection;
                }

                var text = Encoding.ASCII.GetBytes(FormatCount(runs + 1, delivery.MessageId));
                await store.PutAsync(counter, new MemoryStream(text), text.Length, "text/plain", cancellationToken);
                decision.Counted = true;
                LogIsolatedRun(logger, jobId, stage, runs + 1, maxIsolatedRuns);
            }

            return new Lease(store, slot, counter);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var isolation in _stages.Values)
        {
            isolation.Dispose();
        }
    }

    // "{runs} {messageId}"; a count of another message (the job submitted again) is no count of this one.
    private static string FormatCount(int runs, Guid? messageId) =>
        messageId is { } id ? string.Create(CultureInfo.InvariantCulture, $"{runs} {id:N}") : runs.ToString(CultureInfo.InvariantCulture);

    private async Task<int> ReadAsync(ObjectRef counter, Guid? messageId, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await store.ReadBytesAsync(counter, 64, cancellationToken);
        }
        catch (Exception ex) when (ex is ObjectNotFoundException or ObjectTooLargeException)
        {
            return 0;
        }

        var parts = Encoding.ASCII.GetString(bytes).Split(' ');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return 0;
        }

        var sameMessage = parts.Length == 1 || messageId is null || (Guid.TryParseExact(parts[1], "N", out var counted) && counted == messageId);
        return sameMessage ? count : 0;
    }

    /// <summary>One delivery of a job: whether the broker handed it out before, its message, and what was decided for it.</summary>
    /// <param name="Decision">Shared by the consumer's retries of this delivery.</param>
    public readonly record struct Delivery(bool Redelivered, Guid? MessageId, Decision Decision);

    /// <summary>What the guard decided for one delivery; taken once, whatever the retries.</summary>
    public sealed class Decision
    {
        /// <summary>This delivery's isolated run is counted.</summary>
        internal bool Counted { get; set; }

        /// <summary>This delivery is refused.</summary>
        internal JobRejectedException? Quarantined { get; set; }
    }

    /// <summary>A job's place on its worker; <see cref="FinishedAsync"/> once it ended well or for good.</summary>
    private sealed class Lease(IObjectStore store, IDisposable slot, ObjectRef? counter) : IDisposable
    {
        /// <summary>The job ended (a result or a refusal): an isolated run's count starts again from zero.</summary>
        public Task FinishedAsync(CancellationToken cancellationToken) =>
            counter is null ? Task.CompletedTask : store.DeleteAsync(counter, cancellationToken);

        public void Dispose() => slot.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} came back to the {Stage} stage: it runs alone on this worker, isolated run {Run} of {MaxRuns}")]
    private static partial void LogIsolatedRun(ILogger logger, Guid jobId, string stage, int run, int maxRuns);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} quarantined in the {Stage} stage after {Runs} isolated run(s) that never finished")]
    private static partial void LogQuarantined(ILogger logger, Guid jobId, string stage, int runs);
}
