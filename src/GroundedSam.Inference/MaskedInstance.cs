using GroundedSam.Inference.Detections;
using GroundedSam.Masks;

namespace GroundedSam.Inference;

/// <summary>One object with its full-resolution mask and SAM 2's predicted IoU for it.</summary>
public sealed record MaskedInstance(DetectedInstance Detection, BinaryMask Mask, float MaskScore, long Area)
{
    public string InstanceId => Detection.InstanceId;

    public string Label => Detection.Label;
}
