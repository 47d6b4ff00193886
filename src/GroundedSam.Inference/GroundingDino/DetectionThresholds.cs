namespace GroundedSam.Inference.GroundingDino;

/// <summary>Grounding DINO's two thresholds, with the reference demo's defaults (spec §1.1).</summary>
public sealed record DetectionThresholds
{
    /// <summary>A box is kept when its best token probability exceeds this. Default 0.35.</summary>
    public float Box { get; init; } = 0.35f;

    /// <summary>A category counts for a box when one of its tokens' probability exceeds this. Default 0.25.</summary>
    public float Text { get; init; } = 0.25f;

    public void Validate()
    {
        if (!(Box is >= 0 and <= 1) || !(Text is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Box), $"Thresholds must lie in [0, 1]; got box {Box}, text {Text}.");
        }
    }
}
