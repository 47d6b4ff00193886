using GroundedSam.Contracts;
using GroundedSam.Inference;
using GroundedSam.Storage;

namespace GroundedSam.Segmentation;

/// <summary>A segmentation result as the <see cref="ImageSegmented"/> event that hands it to the merge stage.</summary>
public static class ImageSegmentedMapping
{
    public static ImageSegmented From(SegmentImage job, SegmentationResult result, StorageLayout layout, ModelIdentity models, StageTimings timings,
        DateTimeOffset segmentedAt) => new()
    {
        JobId = job.JobId,
        BatchId = job.BatchId,
        Image = job.Image,
        Width = result.Width,
        Height = result.Height,
        Instances = [.. result.Instances.Select(i => new SegmentedInstance
        {
            InstanceId = i.InstanceId,
            Label = i.Label,
            DetectorScore = i.Detection.DetectorScore,
            MaskScore = i.MaskScore,
            Box = [i.Detection.Box.X1, i.Detection.Box.Y1, i.Detection.Box.X2, i.Detection.Box.Y2],
            Mask = layout.JobFile(job.JobId, JobFiles.InstanceMask(i.InstanceId)),
            Area = i.Area,
        })],
        // The reference preset's empty label (a box whose phrase is "") has no entry: MassTransit's reader refuses an
        // empty property name. Its instances' masks and its labels/object.png are still there.
        LabelMasks = result.Instances.GroupBy(i => i.Label).Where(g => g.Key.Length > 0)
            .ToDictionary(g => g.Key, g => layout.JobFile(job.JobId, JobFiles.LabelMask(g.First().Detection.LabelKey))),
        Detections = layout.JobFile(job.JobId, JobFiles.Detections),
        Overlay = layout.JobFile(job.JobId, JobFiles.Overlay),
        Models = models,
        Timings = timings,
        Merge = job.Merge,
        SegmentedAt = segmentedAt,
        SubmittedAt = job.SubmittedAt,
    };
}
