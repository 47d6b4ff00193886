using GroundedSam.Masks;

namespace GroundedSam.Inference.Tests.Masks;

/// <summary>
/// Expected strings by hand with cocoapi's rleToString: counts alternate zeros and ones in column-major order; from
/// the fourth count on, each is stored minus the count two before; then 5-bit groups, low first, 0x20 set on all but
/// the last, the last group's 0x10 bit read as the sign, each group + 48 as a character.
/// </summary>
public sealed class CocoRleTests
{
    [Fact]
    public void Encode_ThreeRuns_NoDifferencing()
    {
        // Width 3, height 2; column-major pixels 0 1 | 1 1 | 0 0 → runs 1, 3, 2 → '1' '3' '2'.
        var mask = FromRuns(3, 2, 1, 3, 2);
        Assert.Equal(Pixels(0, 1, 0, 1, 1, 0), mask.Pixels); // row-major view of the same mask

        Assert.Equal("132", CocoRle.Encode(mask));
    }

    [Fact]
    public void Encode_FirstPixelOn_StartsWithAZeroRunAndDifferencesTheFourthCount()
    {
        // Runs 0, 40, 10, 50 on 10×10. 0 → '0'. 40 = 0b1_01000: low group 8 with more bits → 8|0x20 = 40 → 'X', then
        // 1 → '1'. 10 → ':'. The fourth count is stored as 50 − 40 = 10 → ':'.
        Assert.Equal("0X1::", CocoRle.Encode(FromRuns(10, 10, 0, 40, 10, 50)));
    }

    [Fact]
    public void Encode_NegativeDifferences_UseTheSignBit()
    {
        // Runs 5, 40, 10, 3, 2 on 6×10: 5 → '5'; 40 → "X1"; 10 → ':'; 3 − 40 = −37: low group −37 & 31 = 27 with the
        // sign bit set and −37 >> 5 = −2 ≠ −1, so 27|0x20 = 59 → 'k'; then −2 & 31 = 30, −2 >> 5 = −1 → last → 'N'.
        // 2 − 10 = −8: −8 & 31 = 24, −8 >> 5 = −1 and the sign bit is set → last → 'H'.
        Assert.Equal("5X1:kNH", CocoRle.Encode(FromRuns(6, 10, 5, 40, 10, 3, 2)));
    }

    [Fact]
    public void Encode_PositiveCountWithHighGroupBit_NeedsAnExtraGroup()
    {
        // 1000 = 31·32 + 8: 8|0x20 → 'X'; then 31 has the 0x10 bit set but is positive, so 31|0x20 → 'o' and a 0 → '0'.
        // 24 = 0b11000 has the 0x10 bit too: 24|0x20 = 56 → 'h', then '0'.
        Assert.Equal("Xo0h0", CocoRle.Encode(FromRuns(32, 32, 1000, 24)));
    }

    [Fact]
    public void Encode_EmptyAndFullMasks()
    {
        // 7×5 = 35 pixels: one run of zeros (35 = 0b1_00011 → 3|0x20 = 35 → 'S', then '1'); full: 0 zeros, 35 ones.
        Assert.Equal("S1", CocoRle.Encode(new BinaryMask(7, 5)));
        Assert.Equal("0S1", CocoRle.Encode(new BinaryMask(7, 5).Inverted()));
    }

    [Theory]
    [InlineData("132", 3, 2)]
    [InlineData("0X1::", 10, 10)]
    [InlineData("5X1:kNH", 6, 10)]
    [InlineData("Xo0h0", 32, 32)]
    public void Decode_HandEncodedString_ReencodesToTheSameString(string counts, int width, int height)
    {
        Assert.Equal(counts, CocoRle.Encode(CocoRle.Decode(counts, width, height)));
    }

    [Fact]
    public void Decode_KnownString_GivesColumnMajorPixels()
    {
        Assert.Equal(FromRuns(6, 10, 5, 40, 10, 3, 2).Pixels, CocoRle.Decode("5X1:kNH", 6, 10).Pixels);
    }

    [Fact]
    public void EncodeDecode_RandomMasksOfOddSizes_RoundTripAndMatchThePng()
    {
        var random = new Random(4242);
        foreach (var (width, height) in new[] { (1, 1), (1, 9), (9, 1), (7, 5), (13, 17), (31, 3), (101, 67) })
        {
            for (var trial = 0; trial < 5; trial++)
            {
                var mask = RandomBlobs(random, width, height, trial);

                var png = MaskPng.Encode(mask);
                using var stream = new MemoryStream(png);
                var fromPng = MaskPng.Read(stream);
                var fromRle = CocoRle.Decode(CocoRle.Encode(mask), width, height);

                Assert.Equal(mask.Pixels, fromPng.Pixels);
                Assert.Equal(fromPng.Pixels, fromRle.Pixels);
                Assert.Equal((width, height), (fromRle.Width, fromRle.Height));
            }
        }
    }

    [Fact]
    public void Decode_RunsPastTheMask_ThrowsFormatException()
    {
        // Runs 1, 3, 2 cover 6 pixels; a 2×2 mask has 4.
        Assert.Throws<FormatException>(() => CocoRle.Decode("132", 2, 2));
    }

    [Fact]
    public void Decode_RunsShortOfTheMask_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => CocoRle.Decode("132", 4, 2));
    }

    [Fact]
    public void Decode_NegativeRun_ThrowsFormatException()
    {
        // 'N' is one group, 30, whose 0x10 bit makes it negative: 30 − 32 = −2 as the first run.
        Assert.Throws<FormatException>(() => CocoRle.Decode("N", 1, 1));
    }

    [Fact]
    public void Decode_StringEndingInsideACount_ThrowsFormatException()
    {
        // 'X' has the continuation bit set and nothing follows.
        Assert.Throws<FormatException>(() => CocoRle.Decode("0X", 10, 10));
    }

    private static BinaryMask FromRuns(int width, int height, params int[] runs)
    {
        var mask = new BinaryMask(width, height);
        var position = 0;
        for (var r = 0; r < runs.Length; r++)
        {
            for (var i = 0; i < runs[r]; i++, position++)
            {
                if (r % 2 == 1)
                {
                    mask.Pixels[(position % height * width) + (position / height)] = BinaryMask.On;
                }
            }
        }

        Assert.Equal(width * height, position);
        return mask;
    }

    // Trial 0 is independent pixels; later trials are a few filled rectangles, closer to real masks.
    private static BinaryMask RandomBlobs(Random random, int width, int height, int trial)
    {
        var mask = new BinaryMask(width, height);
        if (trial == 0)
        {
            random.NextBytes(mask.Pixels);
            for (var i = 0; i < mask.Pixels.Length; i++)
            {
                mask.Pixels[i] = mask.Pixels[i] < 128 ? (byte)0 : BinaryMask.On;
            }

            return mask;
        }

        for (var blob = 0; blob < trial; blob++)
        {
            int x1 = random.Next(width), y1 = random.Next(height);
            int x2 = random.Next(x1, width), y2 = random.Next(y1, height);
            for (var y = y1; y <= y2; y++)
            {
                mask.Pixels.AsSpan((y * width) + x1, x2 - x1 + 1).Fill(BinaryMask.On);
            }
        }

        return mask;
    }

    private static byte[] Pixels(params int[] bits) => [.. bits.Select(b => b == 0 ? (byte)0 : BinaryMask.On)];
}
