using GroundedSam.Masks;

namespace GroundedSam.Inference.Tests.Masks;

public sealed class MaskUpsamplerTests
{
    [Fact]
    public void Taps_TwoToFour_FollowAlignCornersFalse()
    {
        // source = max(0, (i + 0.5) · 2/4 − 0.5): 0 (clamped from −0.25), 0.25, 0.75, 1.25. The last one's lower tap
        // is the last source sample, so its upper tap is clamped to it too and its weight (0.25) has no effect.
        var (lo, hi, weight) = MaskUpsampler.Taps(2, 4);

        Assert.Equal([0, 0, 0, 1], lo);
        Assert.Equal([1, 1, 1, 1], hi);
        Assert.Equal([0f, 0.25f, 0.75f, 0.25f], weight);
    }

    [Fact]
    public void Taps_SameSize_AreIdentity()
    {
        var (lo, hi, weight) = MaskUpsampler.Taps(5, 5);

        Assert.Equal([0, 1, 2, 3, 4], lo);
        Assert.Equal([1, 2, 3, 4, 4], hi);
        Assert.All(weight, w => Assert.Equal(0f, w));
    }

    [Fact]
    public void Upsample_TwoByTwoToFourByFour_ThresholdsInterpolatedLogitsAtZero()
    {
        // Rows first: [-1, 1] → [-1, -0.5, 0.5, 1]; [1, 3] → [1, 1.5, 2.5, 3]. Then down with weights 0, 0.25, 0.75
        // and the clamped last row:
        //   y0: -1    -0.5  0.5  1
        //   y1: -0.5   0    1    1.5     (pixel (1,1) is exactly 0: not > 0)
        //   y2:  0.5   1    2    2.5
        //   y3:  1     1.5  2.5  3
        var mask = MaskUpsampler.Upsample([-1f, 1f, 1f, 3f], 2, 2, 4, 4);

        Assert.Equal(
            Pixels(
                0, 0, 1, 1,
                0, 0, 1, 1,
                1, 1, 1, 1,
                1, 1, 1, 1),
            mask.Pixels);
    }

    [Fact]
    public void Upsample_AllPositive_IsAllOnAtTheRequestedSize()
    {
        var logits = new float[256 * 256];
        Array.Fill(logits, 0.01f);

        var mask = MaskUpsampler.Upsample(logits, 256, 256, 7, 5);

        Assert.Equal((7, 5), (mask.Width, mask.Height));
        Assert.Equal(35, mask.Area());
    }

    [Fact]
    public void Upsample_Checker_CornersKeepTheSourceCorners()
    {
        // A 4×4 checker of ±1, +1 where x + y is even. align_corners=False clamps the first output sample to source 0
        // and the last to source 3, so the output corners are the source corners: on, off, off, on.
        var logits = new float[16];
        for (var i = 0; i < 16; i++)
        {
            logits[i] = ((i % 4) + (i / 4)) % 2 == 0 ? 1f : -1f;
        }

        foreach (var (width, height) in new[] { (8, 8), (13, 7), (1000, 750) })
        {
            var mask = MaskUpsampler.Upsample(logits, 4, 4, width, height);

            Assert.True(mask[0, 0]);
            Assert.False(mask[width - 1, 0]);
            Assert.False(mask[0, height - 1]);
            Assert.True(mask[width - 1, height - 1]);
        }
    }

    [Fact]
    public void Upsample_RandomLogits_AgreesWithBilinearReference()
    {
        var random = new Random(20251126);
        foreach (var (sw, sh, w, h) in new[] { (5, 3, 17, 11), (16, 16, 37, 23), (64, 48, 50, 61) })
        {
            var logits = new float[sw * sh];
            for (var i = 0; i < logits.Length; i++)
            {
                logits[i] = (float)((random.NextDouble() * 4) - 2);
            }

            var mask = MaskUpsampler.Upsample(logits, sw, sh, w, h);

            Assert.Equal((w, h), (mask.Width, mask.Height));
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var expected = Reference(logits, sw, sh, w, h, x, y);
                    if (Math.Abs(expected) > 1e-4)
                    {
                        Assert.True(expected > 0 == mask[x, y], $"{sw}×{sh} → {w}×{h} at ({x}, {y}): reference {expected}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Upsample_SmallBlobInLargeFrame_AgreesWithBilinearReferenceEverywhere()
    {
        // SAM 2's usual case: a small positive blob in a 256×256 field of negative logits, upsampled to a photo
        // larger than the grid, so whole rows and stretches of columns are skipped without being computed.
        const int source = 256;
        var logits = new float[source * source];
        for (var y = 0; y < source; y++)
        {
            for (var x = 0; x < source; x++)
            {
                var d = Math.Sqrt(((x - 180.3) * (x - 180.3)) + ((y - 40.7) * (y - 40.7)));
                logits[(y * source) + x] = (float)(12 - d);
            }
        }

        var mask = MaskUpsampler.Upsample(logits, source, source, 700, 525);

        long on = 0;
        for (var y = 0; y < 525; y++)
        {
            for (var x = 0; x < 700; x++)
            {
                var expected = Reference(logits, source, source, 700, 525, x, y);
                if (Math.Abs(expected) > 1e-4)
                {
                    Assert.True(expected > 0 == mask[x, y], $"({x}, {y}): reference {expected}");
                }

                on += mask[x, y] ? 1 : 0;
            }
        }

        Assert.InRange(on, 2300, 2800); // a disc of radius 12 cells ≈ 452 cells × (700/256)(525/256) ≈ 2,530 pixels
    }

    [Fact]
    public void Upsample_WrongLogitCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskUpsampler.Upsample(new float[5], 2, 2, 4, 4));
    }

    // PyTorch's upsample_bilinear2d (align_corners=False) written out in doubles, one output pixel at a time.
    private static double Reference(float[] source, int sw, int sh, int w, int h, int x, int y)
    {
        var (x0, x1, lx) = Tap(sw, w, x);
        var (y0, y1, ly) = Tap(sh, h, y);
        double At(int sx, int sy) => source[(sy * sw) + sx];
        return ((1 - ly) * (((1 - lx) * At(x0, y0)) + (lx * At(x1, y0)))) + (ly * (((1 - lx) * At(x0, y1)) + (lx * At(x1, y1))));

        static (int Lo, int Hi, double Lambda) Tap(int inSize, int outSize, int i)
        {
            var src = Math.Max(((i + 0.5) * inSize / outSize) - 0.5, 0);
            var lo = (int)src;
            return (lo, Math.Min(lo + 1, inSize - 1), src - lo);
        }
    }

    private static byte[] Pixels(params int[] bits) => [.. bits.Select(b => b == 0 ? (byte)0 : BinaryMask.On)];
}
