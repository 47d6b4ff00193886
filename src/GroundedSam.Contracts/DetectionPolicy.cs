namespace GroundedSam.Contracts;

/// <summary>What to do with the detector's boxes before segmentation. Every field is optional; absent means the default.</summary>
public sealed record DetectionPolicy
{
    /// <summary>Drop detections scoring below this, in [0, 1]. Default 0 (off).</summary>
    public float? MinScore { get; init; }

    /// <summary>Drop boxes smaller than this fraction of the photo's area, in [0, 1]. Default 0 (off).</summary>
    public float? MinAreaFraction { get; init; }

    /// <summary>Keep at most this many instances of each label, best first. Default 0: no limit.</summary>
    public int? MaxInstancesPerLabel { get; init; }

    /// <summary>Keep only detections whose box centre lies in this region. Default: the whole photo.</summary>
    public BoxRegion? Region { get; init; }

    /// <summary>Merge overlapping boxes of one label into one object. Default true.</summary>
    public bool? MergeSameLabel { get; init; }

    /// <summary>Same-label boxes with at least this IoU are one object, in [0, 1]. Default 0.5.</summary>
    public float? MergeIoU { get; init; }

    /// <summary>Same-label boxes with this fraction of the smaller inside the larger are one object, in [0, 1]. Default 0.8.</summary>
    public float? MergeContainment { get; init; }

    /// <summary>Class-agnostic non-maximum suppression at this IoU, in [0, 1]. Default null: off.</summary>
    public float? ClassAgnosticNmsIoU { get; init; }
}
