using System.Collections.Concurrent;
using GroundedSam.Contracts;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// Which jobs of a batch have ended, in <see cref="InpaintReady"/> or <see cref="SegmentationFailed"/>. Events may
/// repeat (at-least-once delivery) and events of other batches pass by: each job counts once.
/// </summary>
internal sealed class BatchProgress(Guid batchId, IEnumerable<Guid> jobs)
{
    private readonly HashSet<Guid> _jobs = [.. jobs];
    private readonly ConcurrentDictionary<Guid, object> _ended = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called once per job, with its <see cref="InpaintReady"/> or <see cref="SegmentationFailed"/>.</summary>
    public event Action<object>? JobEnded;

    public Guid BatchId => batchId;

    public int Total => _jobs.Count;

    public int Ended => _ended.Count;

    public Task Completed => _jobs.Count == 0 ? Task.CompletedTask : _completed.Task;

    public IReadOnlyDictionary<Guid, object> Outcomes => _ended;

    public void Record(Guid eventBatchId, Guid jobId, object outcome)
    {
        if (eventBatchId != batchId || !_jobs.Contains(jobId) || !_ended.TryAdd(jobId, outcome))
        {
            return;
        }

        JobEnded?.Invoke(outcome);
        if (_ended.Count == _jobs.Count)
        {
            _completed.TrySetResult();
        }
    }
}
