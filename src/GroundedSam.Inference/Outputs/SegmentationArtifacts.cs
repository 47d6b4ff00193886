using GroundedSam.Inference.Masks;
using GroundedSam.Inference.Pipeline;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Outputs;

/// <summary>
/// The files written for every photo, named so that no instance overwrites another (the seed page's first
/// problem): <c>masks/{label}-{n}.png</c> per instance, <c>labels/{label}.png</c> per label, <c>merged-mask.png</c>,
/// <c>detections.json</c> and <c>overlay.jpg</c>.
/// </summary>
public static class SegmentationArtifacts
{
    public const string MergedMask = "merged-mask.png";
    public const string Detections = "detections.json";
    public const string Overlay = "overlay.jpg";

    public static string InstanceMask(string instanceId) => $"masks/{instanceId}.png";

    public static string LabelMask(string labelKey) => $"labels/{labelKey}.png";

    public static IReadOnlyList<OutputArtifact> Build(Image<Rgb24> photo, SegmentationResult result, MergeOptions merge, string imagePath)
    {
        merge.Validate();
        var artifacts = new List<OutputArtifact>();
        foreach (var instance in result.Instances)
        {
            artifacts.Add(Png(InstanceMask(instance.InstanceId), instance.Mask));
        }

        foreach (var label in result.Instances.GroupBy(i => i.Detection.LabelKey))
        {
            artifacts.Add(Png(LabelMask(label.Key), BinaryMask.Union(result.Width, result.Height, label.Select(i => i.Mask))));
        }

        var merged = MaskMerger.Merge(result.Width, result.Height, result.Instances.Select(i => (i.Label, i.Mask)), merge);
        artifacts.Add(Png(MergedMask, merged));

        var document = DetectionsDocument.From(result, imagePath, i => InstanceMask(i.InstanceId));
        artifacts.Add(new OutputArtifact(Detections, "application/json", document.ToUtf8Json()));
        artifacts.Add(new OutputArtifact(Overlay, "image/jpeg", OverlayRenderer.Render(photo, result)));
        return artifacts;
    }

    private static OutputArtifact Png(string path, BinaryMask mask) => new(path, "image/png", MaskPng.Encode(mask));
}
