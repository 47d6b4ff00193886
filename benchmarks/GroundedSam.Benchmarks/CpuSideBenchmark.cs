using System.Diagnostics;
using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Masks;
using GroundedSam.Inference.Outputs;
using GroundedSam.Inference;
using GroundedSam.Inference.Sam2;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Benchmarks;

/// <summary>
/// The CPU side of one photo, against one plain JPEG decode of the same photo. The models are left out (they are
/// the GPU's part): the benchmark feeds Grounding DINO's post-processing synthetic logits with five objects and
/// SAM 2's upsampling five box-shaped low-resolution masks, then runs the library code that follows them.
/// </summary>
internal sealed class CpuSideBenchmark(int width, int height, string vocabulary)
{
    private const string Prompt = "monitor. keyboard. mouse.";

    // Typical desk objects as fractions of the photo: two monitors, a keyboard, a mouse, a phone.
    private static readonly (long Token, Box Box)[] Objects =
    [
        (8080, new Box(0.08f, 0.10f, 0.45f, 0.55f)),
        (8080, new Box(0.55f, 0.12f, 0.90f, 0.52f)),
        (9019, new Box(0.20f, 0.65f, 0.70f, 0.82f)),
        (8000, new Box(0.78f, 0.68f, 0.85f, 0.80f)),
        (8000, new Box(0.88f, 0.85f, 0.95f, 0.97f)),
    ];

    public Dictionary<string, Measurement> Run(int rounds, int warmups)
    {
        var jpeg = SyntheticPhoto.Jpeg(width, height);
        var decoder = new PhotoDecoder();
        var prompt = PromptTokenizer.FromVocabulary(vocabulary).Tokenize(GroundedSam.Inference.GroundingDino.Prompt.Parse(Prompt));
        var (logits, boxes) = DetectorOutputs(prompt);
        var predictions = Objects.Select(o => LowResMask(o.Box)).ToArray();
        var names = new[] { "jpeg decode (baseline)", "decode + checks", "grounding dino preprocess", "sam 2 preprocess", "post-process (boxes, 5 masks)", "mask files (9 png, 5 rle, json)", "overlay, preview, thumbnail jpegs", "cpu side total" };
        var results = names.ToDictionary(n => n, n => new Measurement(n));
        Console.WriteLine($"photo {width}×{height}, {jpeg.Length / 1e6:0.0} MB JPEG; {warmups} warm-up + {rounds} measured rounds");

        for (var round = -warmups; round < rounds; round++)
        {
            var keep = round >= 0;
            var clock = Stopwatch.StartNew();
            using (Image.Load<Rgb24>(jpeg))
            {
            }

            Record(keep, results["jpeg decode (baseline)"], clock);

            var total = Stopwatch.StartNew();
            clock.Restart();
            using var image = decoder.Decode(jpeg);
            Record(keep, results["decode + checks"], clock);

            var (dw, dh) = DinoImageSize.Compute(image.Width, image.Height);
            var dino = LargeBuffers.Floats.Rent(3 * dw * dh);
            // As the detector does: the resized copy is kept for the pictures.
            using var downscaled = ImageNetTensor.WriteKeepingResized(image, dw, dh, dino);
            Record(keep, results["grounding dino preprocess"], clock);

            var sam = LargeBuffers.Floats.Rent(3 * 1024 * 1024);
            ImageNetTensor.Write(image, 1024, 1024, sam);
            Record(keep, results["sam 2 preprocess"], clock);

            var detections = DetectionDecoder.Decode(logits, boxes, 900, 256, prompt, new DetectionThresholds(), width, height);
            var instances = InstanceSelector.Select(detections, SelectionPolicy.Default, width, height);
            var segmented = PhotoInference.Upsample(instances, predictions, width, height);
            Record(keep, results["post-process (boxes, 5 masks)"], clock);

            var result = new SegmentationResult(width, height, prompt.Prompt, segmented, new InferenceTimings(default, default, default, default, default));
            var artifacts = SegmentationArtifacts.BuildMasks(result, new MergeOptions(), "photo.jpg");
            Record(keep, results["mask files (9 png, 5 rle, json)"], clock);

            OverlayRenderer.RenderWithPreviews(image, result, downscaled);
            Record(keep, results["overlay, preview, thumbnail jpegs"], clock);
            Record(keep, results["cpu side total"], total);

            LargeBuffers.Floats.Return(dino);
            LargeBuffers.Floats.Return(sam);
            if (artifacts.Count != 10 || instances.Count != Objects.Length)
            {
                throw new InvalidOperationException($"Expected 5 instances and 10 files, got {instances.Count} and {artifacts.Count}.");
            }
        }

        return results;
    }

    private static void Record(bool keep, Measurement measurement, Stopwatch clock)
    {
        if (keep)
        {
            measurement.Add(clock.Elapsed);
        }

        clock.Restart();
    }

    private static (float[] Logits, float[] Boxes) DetectorOutputs(TokenizedPrompt prompt)
    {
        var logits = new float[900 * 256];
        var boxes = new float[900 * 4];
        var random = new Random(3);
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = (i % 256) < prompt.Length ? -4f - (float)random.NextDouble() * 4 : float.NegativeInfinity;
        }

        for (var q = 0; q < Objects.Length; q++)
        {
            var (token, b) = Objects[q];
            logits[(q * 256) + Array.IndexOf(prompt.InputIds, token)] = 2f + q * 0.1f;
            boxes[(q * 4) + 0] = (b.X1 + b.X2) / 2;
            boxes[(q * 4) + 1] = (b.Y1 + b.Y2) / 2;
            boxes[(q * 4) + 2] = b.X2 - b.X1;
            boxes[(q * 4) + 3] = b.Y2 - b.Y1;
        }

        return (logits, boxes);
    }

    private static MaskPrediction LowResMask(Box fraction)
    {
        var logits = new float[256 * 256];
        for (var y = 0; y < 256; y++)
        {
            for (var x = 0; x < 256; x++)
            {
                var fx = (x + 0.5f) / 256;
                var fy = (y + 0.5f) / 256;
                var inside = fx >= fraction.X1 && fx <= fraction.X2 && fy >= fraction.Y1 && fy <= fraction.Y2;
                logits[(y * 256) + x] = inside ? 8f : -8f;
            }
        }

        return new MaskPrediction(logits, 256, 256, 0.9f);
    }
}
