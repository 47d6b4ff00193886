using System.ComponentModel.DataAnnotations;

namespace GroundedSam.Pipeline.Merging;

/// <summary>Configuration section <c>Merge</c>: how a merge worker takes jobs.</summary>
public sealed class MergeStageOptions
{
    public const string Section = "Merge";

    /// <summary>Jobs merged at once. Default 4.</summary>
    [Range(1, 256)]
    public int ConcurrentJobs { get; set; } = 4;

    /// <summary>Messages the broker may deliver ahead. Default 8.</summary>
    [Range(0, 1000)]
    public int Prefetch { get; set; } = 8;

    /// <summary>Retries of a transient failure before the message goes to <c>merge-masks_error</c>. Default 5.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>
    /// Runs alone a job gets after it came back from a worker that stopped with it in hand, before it is quarantined
    /// with <c>SegmentationFailed</c> (<c>WorkerCrashed</c>). Default 2.
    /// </summary>
    [Range(1, 100)]
    public int MaxIsolatedRuns { get; set; } = Delivery.DeliveryGuard.DefaultMaxIsolatedRuns;

    /// <summary>Largest photo merged, in pixels: an <c>ImageSegmented</c> declaring more is refused. Default 50 MP, as the segmentation stage.</summary>
    [Range(1, int.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Most instances one job may list. Default 1000 (Grounding DINO proposes 900 boxes).</summary>
    [Range(1, 100_000)]
    public int MaxInstances { get; set; } = 1000;
}
