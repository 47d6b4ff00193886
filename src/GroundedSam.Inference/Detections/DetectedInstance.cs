namespace GroundedSam.Inference.Detections;

/// <summary>
/// One object after the policy: its own id (<c>monitor-1</c> is the best-scored monitor), the label from the
/// prompt, a file-name-safe form of the label, the detector's score, the box reported (clipped to the photo, the union
/// of its parts' boxes) and the boxes SAM 2 is prompted with (<see cref="PromptBoxes"/>: one per part, unclipped).
/// </summary>
public sealed record DetectedInstance(string InstanceId, string Label, string LabelKey, float DetectorScore, Box Box, int Parts)
{
    /// <summary>
    /// The boxes SAM 2 is prompted with, as decoded (not clipped): one per detection merged into this object, best
    /// scored first; the object's mask is the union of their masks. Defaults to <see cref="Box"/> alone.
    /// </summary>
    public IReadOnlyList<Box> PromptBoxes { get; init; } = [Box];
}
