namespace GroundedSam.Inference.Sam2;

/// <summary>
/// Which of a box's candidate masks to keep (spec §1.8). With 4 candidates (token 0 plus the three multimask
/// tokens) this is the reference's <c>dynamic_multimask_via_stability</c>: token 0 when its stability score
/// (area above +0.05 over area above −0.05) reaches 0.98, else the best predicted IoU of tokens 1..3. With 3
/// candidates (the Hugging Face export drops token 0) the rule cannot be applied, so the best predicted IoU wins.
/// With one candidate there is nothing to choose.
/// </summary>
public static class MaskChoice
{
    public const float StabilityDelta = 0.05f;
    public const float StabilityThreshold = 0.98f;

    /// <summary>1 (a single-mask export, already chosen), 3 (multimask) or 4 (token 0 and the three multimask tokens).</summary>
    public static bool IsSupportedCount(long count) => count is 1 or 3 or 4;

    /// <param name="masks">[count, planeSize] low-resolution logits.</param>
    /// <param name="ious">[count] predicted IoU per candidate.</param>
    public static int Choose(ReadOnlySpan<float> masks, ReadOnlySpan<float> ious, int planeSize)
    {
        var count = ious.Length;
        if (count == 4)
        {
            if (Stability(masks[..planeSize]) >= StabilityThreshold)
            {
                return 0;
            }

            return 1 + ArgMax(ious[1..]);
        }

        return ArgMax(ious);
    }

    public static float Stability(ReadOnlySpan<float> logits)
    {
        int above = 0, notBelow = 0;
        foreach (var v in logits)
        {
            if (v > StabilityDelta)
            {
                above++;
            }

            if (v > -StabilityDelta)
            {
                notBelow++;
            }
        }

        return notBelow == 0 ? 1f : (float)above / notBelow;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
