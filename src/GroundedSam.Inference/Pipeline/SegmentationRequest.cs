using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;

namespace GroundedSam.Inference.Pipeline;

/// <summary>What to look for in a photo and how to filter what is found.</summary>
public sealed record SegmentationRequest(string Prompt)
{
    public DetectionThresholds Thresholds { get; init; } = new();

    public DetectionPolicy Policy { get; init; } = DetectionPolicy.Default;
}
