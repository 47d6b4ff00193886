namespace GroundedSam.Inference.Detections;

/// <summary>
/// One object after the policy: its own id (<c>monitor-1</c> is the best-scored monitor), the label from the
/// prompt, a file-name-safe form of the label, the detector's score, the box reported (clipped to the photo) and the
/// box SAM 2 is prompted with (<see cref="PromptBox"/>, unclipped).
/// </summary>
public sealed record DetectedInstance(string InstanceId, string Label, string LabelKey, float DetectorScore, Box Box, int Parts)
{
    /// <summary>The box SAM 2 is prompted with: as decoded, not clipped. Defaults to <see cref="Box"/>.</summary>
    public Box PromptBox { get; init; } = Box;
}
