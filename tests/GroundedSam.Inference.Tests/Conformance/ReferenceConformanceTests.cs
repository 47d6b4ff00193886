using System.Text.Json;
using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Masks;
using GroundedSam.Inference.Sam2;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Tests.Conformance;

/// <summary>
/// Each step against golden values the reference libraries computed (<c>make_fixtures.py</c> beside this file: PIL,
/// torch, cocoapi's RLE algorithm, the original GroundingDINO resize rule). Exact where the reference is
/// deterministic integer or float32 arithmetic; resampling and JPEG decoding, which are other libraries' filters,
/// within the tolerances the README's departures table states.
/// </summary>
public sealed class ReferenceConformanceTests(ITestOutputHelper output)
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Conformance", "fixtures");

    [Fact]
    public void DinoImageSize_EqualsTheOriginalGroundingDinoRule_OnEverySize()
    {
        var cases = Fixture("resize-sizes.json");

        foreach (var c in cases)
        {
            var (w, h) = (c.GetProperty("size")[0].GetInt32(), c.GetProperty("size")[1].GetInt32());
            var local = c.GetProperty("local");
            Assert.Equal((local[0].GetInt32(), local[1].GetInt32()), DinoImageSize.Compute(w, h));
        }

        // Hugging Face's processor rounds very wide photos differently; the README names these.
        Assert.Equal(8, cases.Count(c => c.GetProperty("local").GetRawText() != c.GetProperty("hf").GetRawText()));
    }

    [Fact]
    public void Resize_WithinOneGreyLevelOfPilBilinear() =>
        // What torchvision's resize of a PIL image calls in the local demo (Grounding DINO's input).
        CompareResizes("resize-pil.json", c => [.. Convert.FromBase64String(c.GetProperty("rgb").GetString()!).Select(b => (float)b)], "PIL bilinear", 1f);

    [Fact]
    public void Resize_IsTorchAntialiasedBilinearRoundedToBytes() =>
        // SAM 2's Resize((1024, 1024)) on a float tensor; our bytes are rounded, so half a level is rounding alone.
        CompareResizes("resize-torch.json", c => Floats(c.GetProperty("levels")), "torch bilinear antialias", 0.501f);

    [Fact]
    public void MaskUpsampler_EqualsTorchInterpolateThresholdedAtZero()
    {
        foreach (var c in Fixture("upsample.json"))
        {
            var source = c.GetProperty("source");
            var (w, h) = Size(c);
            var mask = MaskUpsampler.Upsample(Floats(c.GetProperty("logits")), source[0].GetInt32(), source[1].GetInt32(), w, h);
            Assert.Equal(c.GetProperty("mask").GetString(), Bits(mask));
        }
    }

    [Fact]
    public void BoxesInTheSamFrame_EqualTheReferenceTransformBitForBit()
    {
        foreach (var c in Fixture("box-transform.json"))
        {
            var (w, h) = Size(c);
            var boxes = Floats(c.GetProperty("boxes"));
            var expected = Floats(c.GetProperty("frame"));
            var actual = new float[boxes.Length];
            for (var i = 0; i < boxes.Length; i += 4)
            {
                Sam2Segmenter.ToInputFrame(new Box(boxes[i], boxes[i + 1], boxes[i + 2], boxes[i + 3]), w, h, actual.AsSpan(i, 4));
            }

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void CocoRle_EqualsCocoapiByteForByte_AndDecodesBack()
    {
        foreach (var c in Fixture("rle.json"))
        {
            var (w, h) = Size(c);
            var mask = new BinaryMask(w, h);
            var bits = c.GetProperty("mask").GetString()!;
            for (var i = 0; i < bits.Length; i++)
            {
                mask.Pixels[i] = bits[i] == '1' ? BinaryMask.On : (byte)0;
            }

            Assert.Equal(c.GetProperty("counts").GetString(), CocoRle.Encode(mask));
            Assert.Equal(bits, Bits(CocoRle.Decode(c.GetProperty("counts").GetString()!, w, h)));
        }
    }

    [Fact]
    public void Stability_EqualsSam2sStabilityScore()
    {
        foreach (var c in Fixture("stability.json"))
        {
            Assert.Equal(c.GetProperty("stability").GetSingle(), MaskChoice.Stability(Floats(c.GetProperty("logits"))));
        }
    }

    [Fact]
    public void JpegDecoding_DiffersFromLibjpegTurboOnlyByChromaUpsampling()
    {
        // PIL decodes with libjpeg-turbo, whose 4:2:0 chroma upsampling ("fancy upsampling") ImageSharp does not copy:
        // colour edges differ, the rest stays close; a 4:4:4 JPEG has no chroma to upsample and differs by rounding.
        var decoder = new PhotoDecoder();
        var measured = new Dictionary<string, (float Max, double Mean)>();
        foreach (var c in Fixture("jpeg-decoded.json"))
        {
            var file = c.GetProperty("file").GetString()!;
            using var image = decoder.Decode(File.ReadAllBytes(Path.Combine(Fixtures, file)));
            measured[file] = Compare(Bytes(image), Convert.FromBase64String(c.GetProperty("rgb").GetString()!).Select(b => (float)b).ToArray());
            output.WriteLine($"{file}: max {measured[file].Max:0.##}, mean {measured[file].Mean:0.###} grey levels from libjpeg-turbo");
        }

        Assert.True(measured["jpeg-444.jpg"] is { Max: <= 3, Mean: <= 0.6 }, $"4:4:4 {measured["jpeg-444.jpg"]}");
        Assert.True(measured["jpeg-420.jpg"] is { Max: <= 56, Mean: <= 1.25 }, $"4:2:0 {measured["jpeg-420.jpg"]}");
    }

    private void CompareResizes(string fixture, Func<JsonElement, float[]> expected, string reference, float bound)
    {
        using var pattern = Image.Load<Rgb24>(Path.Combine(Fixtures, "pattern.png"));
        foreach (var c in Fixture(fixture))
        {
            var (w, h) = Size(c);
            using var resized = ImageNetTensor.Resize(pattern, w, h);
            var (max, mean) = Compare(Bytes(resized), expected(c));
            output.WriteLine($"{reference} {w}×{h}: max {max:0.##}, mean {mean:0.###} grey levels");
            Assert.True(max <= bound, $"{w}×{h}: {max} grey levels from {reference}");
        }
    }

    private static JsonElement[] Fixture(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, name)));
        return [.. document.RootElement.Clone().EnumerateArray()];
    }

    private static (int Width, int Height) Size(JsonElement c) => (c.GetProperty("size")[0].GetInt32(), c.GetProperty("size")[1].GetInt32());

    private static float[] Floats(JsonElement base64)
    {
        var bytes = Convert.FromBase64String(base64.GetString()!);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    private static byte[] Bytes(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }

    private static string Bits(BinaryMask mask) => string.Concat(mask.Pixels.Select(p => p != 0 ? '1' : '0'));

    private static (float Max, double Mean) Compare(byte[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        var differences = actual.Zip(expected, (a, e) => Math.Abs(a - e)).ToList();
        return (differences.Max(), differences.Average());
    }
}
