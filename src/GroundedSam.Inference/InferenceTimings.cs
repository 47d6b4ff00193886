namespace GroundedSam.Inference;

/// <summary>Wall time of each stage of one photo.</summary>
public sealed record InferenceTimings(TimeSpan Decode, TimeSpan Preprocess, TimeSpan Detect, TimeSpan Segment, TimeSpan Postprocess)
{
    public TimeSpan Total => Decode + Preprocess + Detect + Segment + Postprocess;
}
