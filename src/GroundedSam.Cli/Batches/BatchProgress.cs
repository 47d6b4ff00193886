using System.Collections.Concurrent;
using GroundedSam.Contracts;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// Which jobs of a batch have ended, in <see cref="InpaintReady"/>, <see cref="SegmentationFailed"/> or <see cref="JobFaulted"/>. Events may
/// repeat (at-least-once delivery) and events of other batches pass by: each job counts once.
/// </summary>
internal sealed class BatchProgress(Guid batchId, IEnumerable<Guid> jobs)
{
    private readonly HashSet<Guid> _jobs = [.. jobs];
    private readonly ConcurrentDictionary<Guid, object> _ended = new();
    private readonly ConcurrentDictionary<Guid, StageTimings> _timings = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<(Guid JobId, object Outcome)> _inOrder = new();

    private bool _frozen;

    /// <summary>Raised once per job, after its outcome is recorded (on the bus's threads).</summary>
    public event Action? JobEnded;

    public Guid BatchId => batchId;

    public int Total => _jobs.Count;

    public int Ended => _ended.Count;

    public Task Completed => _jobs.Count == 0 ? Task.CompletedTask : _completed.Task;

    public IReadOnlyDictionary<Guid, object> Outcomes => _ended;

    /// <summary>Each job's <see cref="InpaintReady"/>, <see cref="SegmentationFailed"/> or <see cref="JobFaulted"/>, in the order they ended.</summary>
    public IReadOnlyCollection<(Guid JobId, object Outcome)> InOrder => _inOrder;

    public void Record(Guid eventBatchId, Guid jobId, object outcome)
    {
        if (eventBatchId != batchId || !_jobs.Contains(jobId) || Volatile.Read(ref _frozen) || !_ended.TryAdd(jobId, outcome))
        {
            return;
        }

        // Counted on the queue, not the dictionary: complete only once every outcome can be printed.
        _inOrder.Enqueue((jobId, outcome));
        if (_inOrder.Count == _jobs.Count)
        {
            _completed.TrySetResult();
        }

        JobEnded?.Invoke();
    }

    /// <summary>Records nothing more: after Ctrl-C the summary and the copied outputs describe the same jobs.</summary>
    public void Freeze() => Volatile.Write(ref _frozen, true);

    /// <summary>Segmentation timings of this batch's jobs, where the command receives them (<c>gsam run</c>).</summary>
    public IReadOnlyDictionary<Guid, StageTimings> Timings => _timings;

    public void RecordTimings(Guid eventBatchId, Guid jobId, StageTimings timings)
    {
        if (eventBatchId == batchId && _jobs.Contains(jobId))
        {
            _timings[jobId] = timings;
        }
    }
}
