using System.ComponentModel.DataAnnotations;
using GroundedSam.Inference.Imaging;

namespace GroundedSam.Segmentation;

/// <summary>Configuration section <c>Segmentation</c>: how a segmentation worker takes jobs.</summary>
public sealed class SegmentationOptions
{
    public const string Section = "Segmentation";

    /// <summary>
    /// Jobs in hand at once. The GPU stage still runs one at a time; the others download, decode and preprocess
    /// beside it, or encode and upload after it. Default 3.
    /// </summary>
    [Range(1, 64)]
    public int ConcurrentJobs { get; set; } = 3;

    /// <summary>Messages the broker may deliver ahead of the ones in hand. Default 1: small, so idle workers get work.</summary>
    [Range(0, 1000)]
    public int Prefetch { get; set; } = 1;

    /// <summary>Largest photo accepted, in bytes (checked before download). Default 64 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxImageBytes { get; set; } = ImageLimits.DefaultMaxBytes;

    /// <summary>Largest photo accepted, in pixels (checked from the header before decoding). Default 50 MP.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = ImageLimits.DefaultMaxPixels;

    /// <summary>
    /// Buckets a job's photo may be read from. Empty (the default): only <c>Storage:ImagesBucket</c>. A job naming any
    /// other bucket (the results bucket, another team's) ends in <c>SegmentationFailed</c> without a read: the
    /// worker's credentials may reach more than jobs should.
    /// </summary>
    public string[] ImageBuckets { get; set; } = [];

    /// <summary>Retries of a transient failure (storage, broker) before the message goes to <c>segment-image_error</c>. Default 5.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>
    /// Runs alone a job gets after it came back from a worker that stopped with it in hand, before it is quarantined
    /// with <c>SegmentationFailed</c> (<c>WorkerCrashed</c>). Default 2.
    /// </summary>
    [Range(1, 100)]
    public int MaxIsolatedRuns { get; set; } = Pipeline.Delivery.DeliveryGuard.DefaultMaxIsolatedRuns;
}
