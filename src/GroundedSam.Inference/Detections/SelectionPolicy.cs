namespace GroundedSam.Inference.Detections;

/// <summary>
/// What to do with Grounding DINO's boxes before SAM 2 sees them: the answers to the seed page's three problems.
/// Each instance keeps its own id; stray detections are filtered; one object found in parts is merged. Defaults
/// reproduce the reference except for the same-label merge, which is on.
/// </summary>
public sealed record SelectionPolicy
{
    /// <summary>Drop detections whose score is below this (on top of the box threshold). Default 0: off.</summary>
    public float MinScore { get; init; }

    /// <summary>Drop boxes smaller than this fraction of the photo's area. Default 0: off.</summary>
    public float MinAreaFraction { get; init; }

    /// <summary>Keep at most this many instances of each label, best scores first. Default 0: no limit.</summary>
    public int MaxInstancesPerLabel { get; init; }

    /// <summary>Keep only detections whose box centre lies in this region. Default: the whole photo.</summary>
    public RegionOfInterest? Region { get; init; }

    /// <summary>Merge boxes of one label that overlap (see the two thresholds below). Default true.</summary>
    public bool MergeSameLabel { get; init; } = true;

    /// <summary>Same-label boxes with at least this IoU are one object. Default 0.5.</summary>
    public float MergeIoU { get; init; } = 0.5f;

    /// <summary>Same-label boxes where this fraction of the smaller lies inside the larger are one object. Default 0.8.</summary>
    public float MergeContainment { get; init; } = 0.8f;

    /// <summary>
    /// Class-agnostic non-maximum suppression: a box overlapping a better-scored box of any label by at least this
    /// IoU is dropped (two labels on one object). Default null: off, as in the reference.
    /// </summary>
    public float? ClassAgnosticNmsIoU { get; init; }

    public static SelectionPolicy Default { get; } = new();

    /// <summary>Every filter, the merge and the suppression off: what the reference does with the boxes.</summary>
    public static SelectionPolicy None { get; } = new() { MergeSameLabel = false };

    /// <summary>The departures from the reference this policy turns on, by the name of their CLI option; empty for <see cref="None"/>.</summary>
    public IReadOnlyList<string> Departures()
    {
        var on = new List<string>();
        if (MinScore > 0)
        {
            on.Add("min-score");
        }

        if (MinAreaFraction > 0)
        {
            on.Add("min-area");
        }

        if (MaxInstancesPerLabel > 0)
        {
            on.Add("max-per-label");
        }

        if (Region is not null)
        {
            on.Add("region");
        }

        if (MergeSameLabel)
        {
            on.Add("same-label merge");
        }

        if (ClassAgnosticNmsIoU is not null)
        {
            on.Add("nms-iou");
        }

        return on;
    }

    public void Validate()
    {
        static bool Fraction(float v) => v is >= 0 and <= 1;
        if (!Fraction(MinScore) || !Fraction(MinAreaFraction) || !Fraction(MergeIoU) || !Fraction(MergeContainment)
            || (ClassAgnosticNmsIoU is { } nms && !Fraction(nms)))
        {
            throw new ArgumentException("Scores, area fractions and overlap thresholds must lie in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxInstancesPerLabel);
        Region?.Validate();
    }
}
