using GroundedSam.Inference.GroundingDino;

namespace GroundedSam.Inference;

/// <summary>Everything found in one photo, before anything is written.</summary>
public sealed record SegmentationResult(int Width, int Height, Prompt Prompt, IReadOnlyList<MaskedInstance> Instances, InferenceTimings Timings);
