using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Masks;
using GroundedSam.Inference.Sam2;
using GroundedSam.Inference.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Tests.Pipeline;

/// <summary>End to end through real ONNX Runtime sessions on the committed tiny models.</summary>
public sealed class PhotoInferenceTests(TinyPipeline tiny) : IClassFixture<TinyPipeline>
{
    private const string DeskPrompt = "monitor. keyboard. mouse.";

    [Fact]
    public void Segment_DeskPrompt_FindsDesignedInstancesWithOwnIds()
    {
        var result = tiny.Pipeline.Segment(Photos.Jpeg(640, 480), new SegmentationRequest(DeskPrompt));

        Assert.Equal(
            ["monitor-1", "monitor-2", "keyboard-1", "mouse-1", "mouse-2"],
            result.Instances.Select(i => i.InstanceId));
        var monitor = result.Instances[0];
        Assert.Equal(new Box(64, 96, 256, 240), Round(monitor.Detection.Box));
        Assert.Equal(2, monitor.Detection.Parts);
        Assert.Equal(0.9526f, monitor.Detection.DetectorScore, 3);
        Assert.Equal(0.95f, monitor.MaskScore, 3);
        Assert.Equal(new Box(544, 408, 640, 480), Round(result.Instances[3].Detection.Box));
    }

    [Fact]
    public void Segment_DeskPrompt_EachMaskIsItsBox()
    {
        var result = tiny.Pipeline.Segment(Photos.Jpeg(640, 480), new SegmentationRequest(DeskPrompt));

        foreach (var instance in result.Instances)
        {
            var box = instance.Detection.Box;
            Assert.True(MaskGeometry.BoxIoU(instance.Mask, box) > 0.97, $"{instance.InstanceId}: mask does not match its box");
            Assert.Equal(instance.Mask.Area(), instance.Area);
        }
    }

    [Fact]
    public void Segment_PromptNamingAbsentObject_ReturnsNoInstances()
    {
        // One category: the designed logits at positions 3 and 5 fall on [SEP] or past the prompt.
        var result = tiny.Pipeline.Segment(Photos.Jpeg(320, 240), new SegmentationRequest("lamp"));

        Assert.Empty(result.Instances);
    }

    [Fact]
    public void Segment_NoDetections_NeverCallsSegmenter()
    {
        var counting = new CountingSegmenter(tiny.Segmenter);
        var pipeline = new PhotoInference(tiny.Detector, counting, new PhotoDecoder());

        pipeline.Segment(Photos.Jpeg(320, 240), new SegmentationRequest("lamp"));
        pipeline.Segment(Photos.Jpeg(320, 240), new SegmentationRequest(DeskPrompt));

        // Five objects, six prompts: monitor-1 was found in two parts, and each part is prompted with its own box.
        Assert.Equal([6], counting.BoxCounts);
    }

    [Fact]
    public void Segment_ObjectFoundInTwoOverlappingParts_PromptsEachPartAndUnionsTheirMasks()
    {
        // Two monitor boxes that overlap enough to be one object (IoU 0.6): SAM 2 is prompted with each box the detector
        // produced, not with their union, and the object's mask is the union of the parts' masks.
        var left = new Box(100, 100, 300, 300);
        var right = new Box(160, 160, 360, 360);
        var detector = new FixedDetector(tiny.Detector, [new Detection(0, "monitor", 0.9f, left), new Detection(0, "monitor", 0.8f, right)]);
        var recording = new CountingSegmenter(tiny.Segmenter);
        var pipeline = new PhotoInference(detector, recording, new PhotoDecoder());

        var result = pipeline.Segment(Photos.Jpeg(640, 480), new SegmentationRequest("monitor") { Policy = new SelectionPolicy { MergeIoU = 0.3f } });

        var monitor = Assert.Single(result.Instances);
        Assert.Equal(2, monitor.Detection.Parts);
        Assert.Equal(new Box(100, 100, 360, 360), monitor.Detection.Box);
        Assert.Equal([left, right], recording.Boxes);
        var both = BinaryMask.Union(640, 480, [BoxMask(left), BoxMask(right)]);
        Assert.True(Agreement(monitor.Mask, both) > 0.99, "the mask is not the union of the parts' masks");
        Assert.True(monitor.Area < new Box(100, 100, 360, 360).Area * 0.9, "the mask covers the union box's empty corners");
    }

    [Fact]
    public void Segment_BoxCrossingThePhotosEdge_PromptsSamUnclippedAndReportsItClipped()
    {
        // The designed mouse-1 (centre 0.95, 0.95, size 0.2) reaches 5 % past the right and bottom edges; the reference
        // prompts SAM 2 with the box as decoded.
        var recording = new CountingSegmenter(tiny.Segmenter);
        var pipeline = new PhotoInference(tiny.Detector, recording, new PhotoDecoder());

        var result = pipeline.Segment(Photos.Jpeg(640, 480), new SegmentationRequest(DeskPrompt));

        var mouse = result.Instances.Single(i => i.InstanceId == "mouse-1");
        Assert.Equal(new Box(544, 408, 640, 480), Round(mouse.Detection.Box));
        Assert.Equal([new Box(544, 408, 672, 504)], mouse.Detection.PromptBoxes.Select(Round));
        Assert.Contains(new Box(544, 408, 672, 504), recording.Boxes.Select(Round));
        Assert.DoesNotContain(new Box(544, 408, 640, 480), recording.Boxes.Select(Round));
    }

    [Fact]
    public void Segment_BoxOnlyPrompt_FeedsNoPointsSoEveryMaskIsTheBoxCandidate()
    {
        // The tiny decoder scores the box candidate 0.95 only when the point axis is empty (the reference's box-only
        // prompt); with a padding point of our own the empty candidate would win.
        var result = tiny.Pipeline.Segment(Photos.Jpeg(640, 480), new SegmentationRequest(DeskPrompt));

        Assert.All(result.Instances, i => Assert.Equal(0.95f, i.MaskScore, 3));
        Assert.All(result.Instances, i => Assert.True(i.Area > 0, i.InstanceId));
    }

    [Fact]
    public void Segment_RegionExcludesBorder_DropsNeighboursMouse()
    {
        var request = new SegmentationRequest(DeskPrompt)
        {
            Policy = new SelectionPolicy { Region = new RegionOfInterest(0, 0, 0.9f, 1) },
        };

        var result = tiny.Pipeline.Segment(Photos.Jpeg(640, 480), request);

        var mouse = Assert.Single(result.Instances, i => i.Label == "mouse");
        Assert.Equal("mouse-1", mouse.InstanceId);
        Assert.Equal(0.7311f, mouse.Detection.DetectorScore, 3);
    }

    [Fact]
    public void Segment_MergeOff_KeepsMonitorPartSeparately()
    {
        var request = new SegmentationRequest(DeskPrompt) { Policy = new SelectionPolicy { MergeSameLabel = false } };

        var result = tiny.Pipeline.Segment(Photos.Jpeg(640, 480), request);

        Assert.Equal(3, result.Instances.Count(i => i.Label == "monitor"));
    }

    [Fact]
    public void Segment_ReferencePreset_KeepsWhatTheReferenceKeeps()
    {
        // The reference keeps every box above the box threshold: the monitor part as its own instance (no merge), the
        // border box named "keyboard mouse" (both tokens pass the text threshold) and reported as decoded, and the
        // box whose best token is [CLS] with the empty phrase (its key is "object").
        var result = tiny.Pipeline.Segment(Photos.Jpeg(640, 480), SegmentationRequest.ForReference(DeskPrompt));

        Assert.Equal(
            ["monitor-1", "monitor-2", "monitor-3", "keyboard-1", "keyboard_mouse-1", "mouse-1", "object-1"],
            result.Instances.Select(i => i.InstanceId));
        var border = result.Instances.Single(i => i.Label == "keyboard mouse");
        Assert.Equal(new Box(544, 408, 672, 504), Round(border.Detection.Box));
        Assert.Equal(string.Empty, result.Instances[^1].Label);
        Assert.All(result.Instances, i => Assert.Equal(1, i.Detection.Parts));
    }

    [Fact]
    public void Segment_ReferencePreset_ChangesNothingOfTheReferenceSteps()
    {
        // Every box SAM 2 is prompted with by default is prompted the same way under the preset and gives the same
        // mask and score: tokenisation, resizes, normalisation, both models, mask choice and upsampling are shared.
        var photo = Photos.Jpeg(640, 480);
        var byDefault = tiny.Pipeline.Segment(photo, new SegmentationRequest(DeskPrompt) { Policy = SelectionPolicy.None });
        var reference = tiny.Pipeline.Segment(photo, SegmentationRequest.ForReference(DeskPrompt));

        Assert.Equal((byDefault.Width, byDefault.Height), (reference.Width, reference.Height));
        foreach (var instance in byDefault.Instances)
        {
            var twin = Assert.Single(reference.Instances, r => r.Detection.PromptBoxes.SequenceEqual(instance.Detection.PromptBoxes));
            Assert.Equal(instance.Detection.DetectorScore, twin.Detection.DetectorScore);
            Assert.Equal(instance.MaskScore, twin.MaskScore);
            Assert.Equal(instance.Mask.Pixels, twin.Mask.Pixels);
        }

        Assert.Equal(byDefault.Instances.Count + 1, reference.Instances.Count); // the [CLS] box, and none other, added
    }

    [Fact]
    public void Segment_ReferencePreset_ReadsThePhotoAsStoredIgnoringExifOrientation()
    {
        // PIL's Image.open(...).convert("RGB"), what the reference demo reads, does not apply the EXIF orientation.
        using var stored = Photos.Gradient(640, 480);
        stored.Metadata.ExifProfile = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        stored.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation, (ushort)6);
        using var buffer = new MemoryStream();
        stored.SaveAsJpeg(buffer);

        var upright = tiny.Pipeline.Segment(buffer.ToArray(), new SegmentationRequest(DeskPrompt));
        var asStored = tiny.Pipeline.Segment(buffer.ToArray(), SegmentationRequest.ForReference(DeskPrompt));

        Assert.Equal((480, 640), (upright.Width, upright.Height));
        Assert.Equal((640, 480), (asStored.Width, asStored.Height));
    }

    [Fact]
    public void Segment_ReferencePresetWithADeparture_IsRefusedNamingIt()
    {
        var request = SegmentationRequest.ForReference(DeskPrompt) with { Policy = new SelectionPolicy { MergeSameLabel = false, MinScore = 0.5f } };

        var ex = Assert.Throws<ArgumentException>(() => tiny.Pipeline.Segment(Photos.Jpeg(64, 48), request));

        Assert.Contains("min-score", ex.Message, StringComparison.Ordinal);
    }

    private static BinaryMask BoxMask(Box box)
    {
        var mask = new BinaryMask(640, 480);
        for (var y = (int)box.Y1; y < (int)box.Y2; y++)
        {
            for (var x = (int)box.X1; x < (int)box.X2; x++)
            {
                mask.Pixels[(y * 640) + x] = BinaryMask.On;
            }
        }

        return mask;
    }

    private static double Agreement(BinaryMask a, BinaryMask b) => (double)a.Pixels.Zip(b.Pixels).Count(p => p.First == p.Second) / a.Pixels.Length;

    /// <summary>The tiny detector's tokenizer and preprocessing, with detections chosen by the test.</summary>
    private sealed class FixedDetector(IDetector inner, IReadOnlyList<Detection> detections) : IDetector
    {
        public PromptTokenizer Tokenizer => inner.Tokenizer;

        public DetectorInput Prepare(Image<Rgb24> image, TokenizedPrompt prompt) => inner.Prepare(image, prompt);

        public IReadOnlyList<Detection> Detect(DetectorInput input, DetectionThresholds thresholds) => detections;

        public void Dispose()
        {
        }
    }

    private sealed class CountingSegmenter(ISegmenter inner) : ISegmenter
    {
        public List<int> BoxCounts { get; } = [];

        public List<Box> Boxes { get; } = [];

        public SegmenterInput Prepare(Image<Rgb24> image) => inner.Prepare(image);

        public IReadOnlyList<MaskPrediction> Segment(SegmenterInput input, IReadOnlyList<Box> boxes)
        {
            if (boxes.Count > 0)
            {
                BoxCounts.Add(boxes.Count);
                Boxes.AddRange(boxes);
            }

            return inner.Segment(input, boxes);
        }

        public void Dispose()
        {
        }
    }

    private static Box Round(Box b) => new(MathF.Round(b.X1), MathF.Round(b.Y1), MathF.Round(b.X2), MathF.Round(b.Y2));
}
