using System.Diagnostics;
using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Masks;
using GroundedSam.Inference.Sam2;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference;

/// <summary>
/// Grounded SAM 2 for one photo: decode once, prepare both model inputs (<see cref="Prepare"/>, CPU), then
/// detect, apply the policy, segment every box in one decoder call and upsample the masks (<see cref="Run"/>).
/// Zero detections end there, without calling SAM 2 (the reference crashes on them, spec §4 item 10).
/// </summary>
public sealed class PhotoInference(IDetector detector, ISegmenter segmenter, PhotoDecoder decoder)
{
    public PhotoDecoder Decoder => decoder;

    /// <summary>Checks the request, decodes the photo and builds both models' inputs.</summary>
    /// <exception cref="InvalidPromptException">The prompt cannot be used.</exception>
    /// <exception cref="ImageRejectedException">The photo cannot be used.</exception>
    public PreparedPhoto Prepare(byte[] photo, SegmentationRequest request)
    {
        request.Validate();
        var tokens = detector.Tokenizer.Tokenize(Prompt.Parse(request.Prompt));

        var clock = Stopwatch.StartNew();
        Image<Rgb24> image;
        using (var span = InferenceTracing.StartStep("decode"))
        {
            image = decoder.Decode(photo, applyOrientation: !request.Reference);
            span?.SetTag("gsam.image.width", image.Width).SetTag("gsam.image.height", image.Height);
        }

        var decode = clock.Elapsed;
        DetectorInput? dino = null;
        try
        {
            using var span = InferenceTracing.StartStep("preprocess");
            clock.Restart();
            dino = detector.Prepare(image, tokens);
            var sam = segmenter.Prepare(image);
            return new PreparedPhoto(image, request, dino, sam, decode, clock.Elapsed);
        }
        catch
        {
            dino?.Dispose();
            image.Dispose();
            throw;
        }
    }

    /// <summary>Runs both models on a prepared photo and builds the full-resolution masks.</summary>
    public SegmentationResult Run(PreparedPhoto photo)
    {
        using var output = Infer(photo);
        return Complete(photo, output);
    }

    /// <summary>
    /// The model half of <see cref="Run"/>: detection, the policy and SAM 2, which a worker runs one job at a time
    /// per GPU. Returns low-resolution masks; <see cref="Complete"/> upsamples them.
    /// </summary>
    public ModelOutput Infer(PreparedPhoto photo)
    {
        int width = photo.Image.Width, height = photo.Image.Height;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<DetectedInstance> instances;
        using (var span = InferenceTracing.StartStep("detect"))
        {
            var detections = detector.Detect(photo.DetectorInput, photo.Request.Thresholds);
            instances = InstanceSelector.Select(Reported(detections, photo.Request.Reference), photo.Request.Policy, width, height);
            span?.SetTag("gsam.instances", instances.Count);
        }

        var detect = clock.Elapsed;
        using (var span = InferenceTracing.StartStep("segment"))
        {
            clock.Restart();
            var boxes = instances.SelectMany(i => i.PromptBoxes).ToArray();
            span?.SetTag("gsam.boxes", boxes.Length);
            var predictions = segmenter.Segment(photo.SegmenterInput, boxes);
            return new ModelOutput(instances, predictions, detect, clock.Elapsed);
        }
    }

    // The reference keeps every box above the box threshold, named by its phrase and as decoded; by default a box
    // without a category, or wholly outside the photo, is dropped, and the rest are named by category and clipped.
    private static IEnumerable<Detection> Reported(IEnumerable<Detection> detections, bool reference) => reference
        ? detections.Select(d => d.AsReference())
        : detections.Where(d => d.HasCategory && d.Box.Area > 0);

    /// <summary>The CPU half after the models: full-resolution masks from the low-resolution predictions.</summary>
    public static SegmentationResult Complete(PreparedPhoto photo, ModelOutput output)
    {
        int width = photo.Image.Width, height = photo.Image.Height;
        using var span = InferenceTracing.StartStep("upsample");
        var clock = Stopwatch.StartNew();
        var segmented = Upsample(output.Instances, output.Predictions, width, height);
        var timings = new InferenceTimings(photo.DecodeTime, photo.PreprocessTime, output.DetectTime, output.SegmentTime, clock.Elapsed);
        return new SegmentationResult(width, height, photo.DetectorInput.Prompt.Prompt, segmented, timings);
    }

    /// <summary>
    /// Each instance's low-resolution predictions, one per part, to a full-size mask (the union of its parts' masks;
    /// its mask score is its best-scored part's); instances in parallel.
    /// </summary>
    internal static MaskedInstance[] Upsample(IReadOnlyList<DetectedInstance> instances, IReadOnlyList<MaskPrediction> predictions, int width, int height)
    {
        var first = new int[instances.Count];
        for (int i = 1, next = 0; i < instances.Count; i++)
        {
            next += instances[i - 1].PromptBoxes.Count;
            first[i] = next;
        }

        var segmented = new MaskedInstance[instances.Count];
        Parallel.For(0, instances.Count, i =>
        {
            var parts = Enumerable.Range(first[i], instances[i].PromptBoxes.Count)
                .Select(j => MaskUpsampler.Upsample(predictions[j].Logits, predictions[j].Width, predictions[j].Height, width, height)).ToList();
            var mask = parts.Count == 1 ? parts[0] : BinaryMask.Union(width, height, parts);
            segmented[i] = new MaskedInstance(instances[i], mask, predictions[first[i]].Score, mask.Area());
        });
        return segmented;
    }

    public SegmentationResult Segment(byte[] photo, SegmentationRequest request)
    {
        using var prepared = Prepare(photo, request);
        return Run(prepared);
    }
}
