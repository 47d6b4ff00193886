using GroundedSam.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using JobFiles = GroundedSam.Contracts.JobFiles;

namespace GroundedSam.Inference.Outputs;

/// <summary>
/// The files written for every photo, named by <see cref="JobFiles"/> so that no instance overwrites another (the
/// seed page's first problem).
/// </summary>
public static class SegmentationArtifacts
{
    /// <param name="merge">How to build <c>merged-mask.png</c>; null leaves it out (the pipeline's merge stage writes it).</param>
    /// <param name="downscaled">The photo made smaller (Grounding DINO's input), for the pictures; null makes one.</param>
    public static IReadOnlyList<OutputArtifact> Build(Image<Rgb24> photo, SegmentationResult result, MergeOptions? merge, string imagePath, Image<Rgb24>? downscaled = null)
    {
        var artifacts = BuildMasks(result, merge, imagePath);
        var pictures = OverlayRenderer.RenderWithPreviews(photo, result, downscaled);
        artifacts.Add(new OutputArtifact(JobFiles.Overlay, "image/jpeg", pictures.Overlay));
        artifacts.Add(new OutputArtifact(JobFiles.Preview, "image/jpeg", pictures.Preview));
        artifacts.Add(new OutputArtifact(JobFiles.Thumbnail, "image/jpeg", pictures.Thumbnail));
        return artifacts;
    }

    /// <summary>Everything but the overlay: the masks and detections.json.</summary>
    public static List<OutputArtifact> BuildMasks(SegmentationResult result, MergeOptions? merge, string imagePath)
    {
        merge?.Validate();
        var labels = result.Instances.GroupBy(i => i.Detection.LabelKey).ToList();
        var masks = new List<(string Path, Func<byte[]> Encode)>();
        masks.AddRange(result.Instances.Select(i => (JobFiles.InstanceMask(i.InstanceId), (Func<byte[]>)(() => MaskPng.Encode(i.Mask)))));
        masks.AddRange(labels.Where(l => l.Count() > 1).Select(label =>
            (JobFiles.LabelMask(label.Key), (Func<byte[]>)(() => MaskPng.Encode(BinaryMask.Union(result.Width, result.Height, label.Select(i => i.Mask)))))));
        if (merge is not null)
        {
            masks.Add((JobFiles.MergedMask, () => MaskMerger.Render(result.Width, result.Height, result.Instances.Select(i => (i.Label, i.Mask)), merge).EncodePng()));
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
        artifacts.AddRange(result.Instances.Select(i => Png(JobFiles.InstanceMask(i.InstanceId), byPath)));
        artifacts.AddRange(labels.Select(l => l.Count() > 1
            ? Png(JobFiles.LabelMask(l.Key), byPath)
            : new OutputArtifact(JobFiles.LabelMask(l.Key), "image/png", byPath[JobFiles.InstanceMask(l.Single().InstanceId)])));
        if (merge is not null)
        {
            artifacts.Add(Png(JobFiles.MergedMask, byPath));
        }

        var document = DetectionsDocument.From(result, imagePath, instance => JobFiles.InstanceMask(instance.InstanceId), rle);
        artifacts.Add(new OutputArtifact(JobFiles.Detections, "application/json", document.ToUtf8Json()));
        return artifacts;
    }

    private static OutputArtifact Png(string path, Dictionary<string, byte[]> encoded) => new(path, "image/png", encoded[path]);
}
