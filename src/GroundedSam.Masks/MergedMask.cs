namespace GroundedSam.Masks;

/// <summary>
/// The inpainting mask as grey levels (0 and 255 unless feathered), with the object area in pixels (after
/// dilation, before polarity), the labels that went into it and how many instances.
/// </summary>
public sealed record MergedMask(byte[] Pixels, int Width, int Height, long ObjectArea, IReadOnlyList<string> Labels, int InstanceCount)
{
    /// <summary>Fraction of the photo covered by objects, in [0, 1].</summary>
    public double Coverage => (double)ObjectArea / ((long)Width * Height);

    public byte[] EncodePng() => MaskPng.EncodeGray(Pixels, Width, Height);
}
