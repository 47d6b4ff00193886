namespace GroundedSam.Inference.Detections;

/// <summary>
/// One object after the policy: its own id (<c>monitor-1</c> is the best-scored monitor), the label from the
/// prompt, a file-name-safe form of the label, the detector's score and the box SAM 2 is given.
/// </summary>
public sealed record DetectedInstance(string InstanceId, string Label, string LabelKey, float DetectorScore, Box Box, int Parts);
