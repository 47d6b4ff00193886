using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Storage;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// Where each job of a submitted batch stands, from its manifest and the outcomes the stages stored
/// (<see cref="JobOutcome"/>): what <c>gsam status</c> prints and <c>gsam results</c> acts on. An outcome of an
/// earlier submission of the same job counts as pending; one that is not an outcome of the job is named, not trusted.
/// </summary>
internal sealed record BatchStatus(BatchManifest Manifest, DateTimeOffset? CancelledAt, IReadOnlyList<BatchStatus.Entry> Jobs)
{
    /// <summary>Outcomes read at once.</summary>
    private const int Parallelism = 16;

    public static async Task<BatchStatus> ReadAsync(IObjectStore store, StorageLayout layout, Guid batchId, CancellationToken cancellationToken) =>
        await ReadAsync(store, layout, await BatchManifest.ReadAsync(store, layout, batchId, cancellationToken), cancellationToken);

    /// <summary>The status of the jobs of a manifest already read.</summary>
    public static async Task<BatchStatus> ReadAsync(IObjectStore store, StorageLayout layout, BatchManifest manifest, CancellationToken cancellationToken)
    {
        var batchId = manifest.BatchId;
        var outcomes = new JobOutcomes(store, layout);
        var cancelledAt = await new BatchCancellation(store, layout, TimeProvider.System).ReadAsync(batchId, cancellationToken);
        var entries = new Entry[manifest.Jobs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, entries.Length), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var job = manifest.Jobs[i];
                try
                {
                    var outcome = await outcomes.ReadAsync(job.JobId, ct);
                    entries[i] = outcome is not null && outcome.BatchId == batchId && outcome.IsCurrentFor(manifest.SubmittedAt)
                        ? new Entry(job, outcome.State, outcome, Problem: null)
                        : new Entry(job, JobState.Pending, Outcome: null, Problem: null);
                }
                catch (InvalidDataException ex)
                {
                    entries[i] = new Entry(job, JobState.Pending, Outcome: null, TerminalText.Safe(ex.Message));
                }
            });
        return new BatchStatus(manifest, cancelledAt, entries);
    }

    public int Count(JobState state) => Jobs.Count(j => j.State == state);

    /// <summary>The jobs that ended without a mask: failed, or dead-lettered.</summary>
    public IEnumerable<Entry> Failures => Jobs.Where(j => j.State is JobState.Failed or JobState.DeadLettered);

    /// <summary>Failed jobs by reason, dead letters under their own name, most frequent first.</summary>
    public IReadOnlyList<(string Reason, int Count)> FailuresByReason =>
    [
        .. Failures.GroupBy(j => j.State == JobState.DeadLettered ? nameof(JobState.DeadLettered) : j.Outcome!.Reason?.ToString() ?? "Unknown")
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal),
    ];

    /// <summary>The succeeded jobs that took longest in the stages, slowest first.</summary>
    public IReadOnlyList<Entry> Slowest(int count) =>
        [.. Jobs.Where(j => j.Outcome?.ProcessingMs is not null).OrderByDescending(j => j.Outcome!.ProcessingMs).Take(count)];

    /// <param name="Problem">Why the stored outcome was not believed, when it was not.</param>
    internal sealed record Entry(BatchManifest.Job Job, JobState State, JobOutcome? Outcome, string? Problem)
    {
        /// <summary>The photo's name, safe to print.</summary>
        public string Name => TerminalText.Safe(Job.Name);
    }
}
