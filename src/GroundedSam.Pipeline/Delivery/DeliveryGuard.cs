using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using GroundedSam.Contracts;
using GroundedSam.Storage;
using MassTransit;

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
public sealed class DeliveryGuard(IObjectStore store, StorageLayout layout) : IDisposable
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
    public async Task RunAsync(ReceiveContext receive, Guid jobId, string stage, int capacity, int maxIsolatedRuns, Func<Task> work,
        CancellationToken cancellationToken)
    {
        using var lease = await EnterAsync(receive, jobId, stage, capacity, maxIsolatedRuns, cancellationToken);
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

    private async Task<Lease> EnterAsync(ReceiveContext receive, Guid jobId, string stage, int capacity, int maxIsolatedRuns, CancellationToken cancellationToken)
    {
        var isolation = _stages.GetOrAdd(stage, _ => new JobIsolation(capacity));
        if (!receive.Redelivered || jobId == Guid.Empty)
        {
            return new Lease(store, await isolation.EnterAsync(exclusive: false, cancellationToken), null);
        }

        var slot = await isolation.EnterAsync(exclusive: true, cancellationToken);
        try
        {
            // Retries of the consumer run within one delivery: it is counted once.
            var counter = layout.JobFile(jobId, JobFiles.IsolationCounter(stage));
            if (!receive.TryGetPayload<Counted>(out _))
            {
                receive.GetOrAddPayload(() => new Counted());
                var runs = await ReadAsync(counter, cancellationToken);
                if (runs >= maxIsolatedRuns)
                {
                    // Quarantined, it starts from zero if someone submits it again.
                    await store.DeleteAsync(counter, cancellationToken);
                    throw new JobRejectedException(FailureReason.WorkerCrashed,
                        $"The job came back after {runs} run(s) alone on a {stage} worker that never finished it: it probably stops the worker, and is quarantined " +
                        "so that it cannot stop more. Report it with the photo; if the workers were only being restarted, submit the job again.");
                }

                var text = Encoding.ASCII.GetBytes((runs + 1).ToString(CultureInfo.InvariantCulture));
                await store.PutAsync(counter, new MemoryStream(text), text.Length, "text/plain", cancellationToken);
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

    private async Task<int> ReadAsync(ObjectRef counter, CancellationToken cancellationToken)
    {
        byte[] text;
        try
        {
            text = await store.ReadBytesAsync(counter, 32, cancellationToken);
        }
        catch (Exception ex) when (ex is ObjectNotFoundException or ObjectTooLargeException)
        {
            return 0;
        }

        return int.TryParse(Encoding.ASCII.GetString(text), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    /// <summary>A job's place on its worker; <see cref="FinishedAsync"/> once it ended well or for good.</summary>
    private sealed class Lease(IObjectStore store, IDisposable slot, ObjectRef? counter) : IDisposable
    {
        /// <summary>The job ended (a result or a refusal): an isolated run's count starts again from zero.</summary>
        public Task FinishedAsync(CancellationToken cancellationToken) =>
            counter is null ? Task.CompletedTask : store.DeleteAsync(counter, cancellationToken);

        public void Dispose() => slot.Dispose();
    }

    private sealed class Counted;
}
