using GroundedSam.Masks;

namespace GroundedSam.Inference.Tests.Masks;

public sealed class MaskMorphologyTests
{
    [Fact]
    public void Dilate_SinglePixelRadiusThree_IsTheDiscOfSquaredRadiusNine()
    {
        // Offsets with dx² + dy² ≤ 9: 7 in the centre column, 5 in each column |dx| = 1 and 2, 1 in each |dx| = 3 → 29.
        var mask = new BinaryMask(21, 21);
        mask.Pixels[(10 * 21) + 10] = BinaryMask.On;

        var grown = MaskMorphology.Dilate(mask, 3);

        Assert.Equal(29, grown.Area());
        for (var y = 0; y < 21; y++)
        {
            for (var x = 0; x < 21; x++)
            {
                int dx = x - 10, dy = y - 10;
                Assert.Equal((dx * dx) + (dy * dy) <= 9, grown[x, y]);
            }
        }
    }

    [Fact]
    public void Dilate_PixelAtTheCorner_IsCutByTheEdges()
    {
        // A quarter of the radius-2 disc: offsets (0..2, 0..2) with dx² + dy² ≤ 4 → (0,0) (1,0) (2,0) (0,1) (1,1) (0,2).
        var mask = new BinaryMask(6, 5);
        mask.Pixels[0] = BinaryMask.On;

        var grown = MaskMorphology.Dilate(mask, 2);

        Assert.Equal(6, grown.Area());
        Assert.True(grown[2, 0] && grown[1, 1] && grown[0, 2]);
        Assert.False(grown[2, 1]);
    }

    [Fact]
    public void Dilate_RadiusZero_ReturnsTheSamePixels()
    {
        var mask = RandomMask(new Random(7), 9, 7);

        Assert.Equal(mask.Pixels, MaskMorphology.Dilate(mask, 0).Pixels);
    }

    [Fact]
    public void Dilate_EmptyMask_StaysEmpty()
    {
        Assert.Equal(0, MaskMorphology.Dilate(new BinaryMask(13, 8), 5).Area());
    }

    [Fact]
    public void Dilate_NegativeRadius_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskMorphology.Dilate(new BinaryMask(3, 3), -1));
    }

    [Fact]
    public void SquaredDistanceToMask_RandomMasks_MatchesBruteForce()
    {
        var random = new Random(99);
        foreach (var (width, height) in new[] { (1, 1), (1, 12), (12, 1), (9, 7), (16, 11), (23, 29) })
        {
            for (var trial = 0; trial < 4; trial++)
            {
                var mask = RandomMask(random, width, height, density: 0.02 + (0.1 * trial));

                var distance = MaskMorphology.SquaredDistanceToMask(mask);

                Assert.Equal(BruteForce(mask), distance);
            }
        }
    }

    [Fact]
    public void SquaredDistanceToMask_EmptyMask_IsInfiniteEverywhere()
    {
        Assert.All(MaskMorphology.SquaredDistanceToMask(new BinaryMask(5, 4)), d => Assert.Equal(float.PositiveInfinity, d));
    }

    [Fact]
    public void Dilate_RandomMask_MatchesBruteForceDisc()
    {
        var mask = RandomMask(new Random(5), 40, 30, density: 0.01);
        var squared = BruteForce(mask);

        var grown = MaskMorphology.Dilate(mask, 4);

        Assert.Equal(squared.Select(d => d <= 16 ? BinaryMask.On : (byte)0), grown.Pixels);
    }

    private static float[] BruteForce(BinaryMask mask)
    {
        var result = new float[mask.Width * mask.Height];
        for (var y = 0; y < mask.Height; y++)
        {
            for (var x = 0; x < mask.Width; x++)
            {
                var best = float.PositiveInfinity;
                for (var my = 0; my < mask.Height; my++)
                {
                    for (var mx = 0; mx < mask.Width; mx++)
                    {
                        if (mask[mx, my])
                        {
                            best = Math.Min(best, ((x - mx) * (x - mx)) + ((y - my) * (y - my)));
                        }
                    }
                }

                result[(y * mask.Width) + x] = best;
            }
        }

        return result;
    }

    private static BinaryMask RandomMask(Random random, int width, int height, double density = 0.2)
    {
        var mask = new BinaryMask(width, height);
        for (var i = 0; i < mask.Pixels.Length; i++)
        {
            mask.Pixels[i] = random.NextDouble() < density ? BinaryMask.On : (byte)0;
        }

        return mask;
    }
}
