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

    /// <summary>
    /// Whether <paramref name="relativePath"/> is a name this layout produces: one of the fixed files, or
    /// <c>masks/{id}.png</c> / <c>labels/{key}.png</c> with a plain name (letters, digits, '-', '_'; see
    /// <c>InstanceSelector.ToKey</c>). Anything else under a job's prefix is not ours to copy or delete.
    /// </summary>
    public static bool IsArtifact(string relativePath) =>
        relativePath is MergedMask or Detections or Overlay ||
        IsPngIn(relativePath, "masks/") || IsPngIn(relativePath, "labels/");

    private static bool IsPngIn(string path, string folder)
    {
        if (!path.StartsWith(folder, StringComparison.Ordinal) || !path.EndsWith(".png", StringComparison.Ordinal))
        {
            return false;
        }

        var name = path.AsSpan(folder.Length, path.Length - folder.Length - ".png".Length);
        if (name.Length is 0 or > 128)
        {
            return false;
        }

        foreach (var ch in name)
        {
            if (!char.IsLetterOrDigit(ch) && ch is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <param name="merge">How to build <c>merged-mask.png</c>; null leaves it out (the pipeline's merge stage writes it).</param>
    public static IReadOnlyList<OutputArtifact> Build(Image<Rgb24> photo, SegmentationResult result, MergeOptions? merge, string imagePath)
    {
        var artifacts = BuildMasks(result, merge, imagePath);
        artifacts.Add(new OutputArtifact(Overlay, "image/jpeg", OverlayRenderer.Render(photo, result)));
        return artifacts;
    }

    /// <summary>Everything but the overlay: the masks and detections.json.</summary>
    public static List<OutputArtifact> BuildMasks(SegmentationResult result, MergeOptions? merge, string imagePath)
    {
        merge?.Validate();
        var labels = result.Instances.GroupBy(i => i.Detection.LabelKey).ToList();
        var masks = new List<(string Path, Func<byte[]> Encode)>();
        masks.AddRange(result.Instances.Select(i => (InstanceMask(i.InstanceId), (Func<byte[]>)(() => MaskPng.Encode(i.Mask)))));
        masks.AddRange(labels.Where(l => l.Count() > 1).Select(label =>
            (LabelMask(label.Key), (Func<byte[]>)(() => MaskPng.Encode(BinaryMask.Union(result.Width, result.Height, label.Select(i => i.Mask)))))));
        if (merge is not null)
        {
            masks.Add((MergedMask, () => MaskMerger.Render(result.Width, result.Height, result.Instances.Select(i => (i.Label, i.Mask)), merge).EncodePng()));
        }


        // Every PNG and every RLE string is independent: compute them on all cores.
        var encoded = new byte[masks.Count][];
        var rle = new string[result.Instances.Count];
        Parallel.For(0, masks.Count + rle.Length, i =>
        {
            if (i < masks.Count)
            {
                encoded[i] = masks[i].Encode();
            }
            else
            {
                rle[i - masks.Count] = CocoRle.Encode(result.Instances[i - masks.Count].Mask);
            }
        });

        // A label with one instance has that instance's mask: its file reuses the bytes.
        var byPath = masks.Select((m, i) => (m.Path, Bytes: encoded[i])).ToDictionary(m => m.Path, m => m.Bytes);
        var artifacts = new List<OutputArtifact>();
        artifacts.AddRange(result.Instances.Select(i => Png(InstanceMask(i.InstanceId), byPath)));
        artifacts.AddRange(labels.Select(l => l.Count() > 1
            ? Png(LabelMask(l.Key), byPath)
            : new OutputArtifact(LabelMask(l.Key), "image/png", byPath[InstanceMask(l.Single().InstanceId)])));
        if (merge is not null)
        {
            artifacts.Add(Png(MergedMask, byPath));
        }

        var document = DetectionsDocument.From(result, imagePath, instance => InstanceMask(instance.InstanceId), rle);
        artifacts.Add(new OutputArtifact(Detections, "application/json", document.ToUtf8Json()));
        return artifacts;
    }

    private static OutputArtifact Png(string path, Dictionary<string, byte[]> encoded) => new(path, "image/png", encoded[path]);
}
