using GroundedSam.Inference.GroundingDino;

namespace GroundedSam.Inference.Tests.GroundingDino;

public sealed class DinoImageSizeTests
{
    // Expected sizes follow get_size_with_aspect_ratio(size=800, max_size=1333) by hand:
    // if max/min × 800 > 1333 then size = round(1333 × min / max); then the short side is size and the long side
    // int(size × long / short), unless the short side already equals size.
    [Theory]
    [InlineData(1920, 1080, 1333, 750)] // 1920/1080·800 = 1422 > 1333 → round(749.81) = 750, int(750·1920/1080) = 1333
    [InlineData(1080, 1920, 750, 1333)]
    [InlineData(1024, 1024, 800, 800)]
    [InlineData(800, 600, 1066, 800)] // int(800·800/600) = int(1066.67) = 1066
    [InlineData(600, 800, 800, 1066)]
    [InlineData(640, 480, 1066, 800)]
    [InlineData(1200, 800, 1200, 800)] // short side already 800: left alone
    [InlineData(800, 1200, 800, 1200)]
    [InlineData(4033, 3025, 1066, 800)] // 4033/3025·800 = 1066.6 ≤ 1333; int(800·4033/3025) = int(1066.58) = 1066
    [InlineData(3000, 1000, 1332, 444)] // round(1333/3) = round(444.33) = 444, int(444·3000/1000) = 1332
    [InlineData(1000, 3000, 444, 1332)]
    [InlineData(20, 10, 1332, 666)] // upscaled the same way as a large 2:1 photo
    [InlineData(6000, 200, 1320, 44)] // round(1333/30) = 44, int(44·30) = 1320; Hugging Face's rule gives 1333×44 (README)
    [InlineData(3000, 1, 3000, 1)] // a 1-pixel strip: the short side would round to 0 (the reference fails); it stays 1, so the photo is left alone
    public void Compute_Size_FollowsTheReferenceRule(int width, int height, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), DinoImageSize.Compute(width, height));
    }

    // Python's round() rounds halves to even; rounding halves away from zero would give the second size.
    [Theory]
    [InlineData(2000, 1000, 1332, 666)] // 1333·1000/2000 = 666.5 exactly → 666 (not 667 → 1334×667)
    [InlineData(1000, 2000, 666, 1332)]
    [InlineData(1240, 460, 1331, 494)] // 1333·460/1240 = 494.5 exactly → 494 (not 495); int(494·1240/460) = int(1331.65)
    public void Compute_ExactHalf_RoundsHalfToEvenAsPython(int width, int height, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), DinoImageSize.Compute(width, height));
    }

    [Fact]
    public void Compute_RoundedUpShortSide_LetsLongSidePass1333AsTheReferenceDoes()
    {
        // 1000/470·800 > 1333 → round(1333·470/1000) = round(626.51) = 627, int(627·1000/470) = int(1334.04) = 1334.
        // The reference computes the same 1334; clamping to 1333 would change the tensor the model sees.
        Assert.Equal((1334, 627), DinoImageSize.Compute(1000, 470));
    }

    [Fact]
    public void Compute_ShortSideEqualToCappedSize_IsLeftAlone()
    {
        // round(1333·750/1333) = 750, which the short side already is.
        Assert.Equal((1333, 750), DinoImageSize.Compute(1333, 750));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(-1, 10)]
    public void Compute_NonPositiveSide_Throws(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DinoImageSize.Compute(width, height));
    }
}
