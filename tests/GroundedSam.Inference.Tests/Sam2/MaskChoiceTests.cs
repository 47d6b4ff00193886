using GroundedSam.Inference.Sam2;

namespace GroundedSam.Inference.Tests.Sam2;

public sealed class MaskChoiceTests
{
    private const int Plane = 50;

    [Fact]
    public void Choose_ThreeCandidates_TakesTheBestPredictedIoU()
    {
        Assert.Equal(1, MaskChoice.Choose(Candidates(3), [0.3f, 0.9f, 0.5f], Plane));
        Assert.Equal(2, MaskChoice.Choose(Candidates(3), [0.3f, 0.5f, 0.9f], Plane));
    }

    [Fact]
    public void Choose_FourCandidatesStableTokenZero_TakesTokenZeroEvenWithTheLowestIoU()
    {
        // Token 0's logits are all ±10: nothing lies in (−0.05, 0.05], stability 1.
        var masks = Candidates(4);
        FillToken0(masks, above: 30, margin: 0, below: 20);

        Assert.Equal(0, MaskChoice.Choose(masks, [0.1f, 0.9f, 0.8f, 0.7f], Plane));
    }

    [Fact]
    public void Choose_FourCandidatesUnstableTokenZero_TakesTheBestOfTheOthers()
    {
        // 20 of token 0's 50 logits lie in (−0.05, 0.05]: stability 20 / 40 = 0.5 < 0.98, so its top IoU is ignored.
        var masks = Candidates(4);
        FillToken0(masks, above: 20, margin: 20, below: 10);

        Assert.Equal(2, MaskChoice.Choose(masks, [0.99f, 0.2f, 0.7f, 0.4f], Plane));
    }

    [Theory]
    [InlineData(49, 1, 0)] // 49 / 50 = 0.98 reaches the threshold: stable
    [InlineData(48, 2, 3)] // 48 / 50 = 0.96: unstable, best of 1..3
    public void Choose_StabilityAtTheThreshold_IsInclusive(int above, int margin, int expected)
    {
        var masks = Candidates(4);
        FillToken0(masks, above, margin, below: 0);

        Assert.Equal(expected, MaskChoice.Choose(masks, [0.5f, 0.2f, 0.3f, 0.4f], Plane));
    }

    [Fact]
    public void Choose_OneCandidate_IsZero()
    {
        Assert.Equal(0, MaskChoice.Choose(new float[Plane], [0.1f], Plane));
    }

    [Fact]
    public void Stability_AllFarBelowZero_IsOne()
    {
        // No logit above −0.05: the union is empty and the reference defines stability as 1.
        var logits = new float[Plane];
        Array.Fill(logits, -3f);

        Assert.Equal(1f, MaskChoice.Stability(logits));
    }

    [Fact]
    public void Stability_MarginBoundaries_AreOpenBelowAndClosedAbove()
    {
        // 0.05 is not above +0.05 but is above −0.05; −0.05 is not above −0.05. Intersection 1 (0.06), union 3.
        Assert.Equal(1f / 3, MaskChoice.Stability([0.06f, 0.05f, 0f, -0.05f, -1f]), 6);
    }

    private static float[] Candidates(int count)
    {
        var masks = new float[count * Plane];
        Array.Fill(masks, -10f);
        return masks;
    }

    // Token 0: `above` logits at +10, `margin` at 0.01 (inside the ±0.05 band), `below` at −10.
    private static void FillToken0(float[] masks, int above, int margin, int below)
    {
        Assert.Equal(Plane, above + margin + below);
        masks.AsSpan(0, above).Fill(10f);
        masks.AsSpan(above, margin).Fill(0.01f);
        masks.AsSpan(above + margin, below).Fill(-10f);
    }
}
