namespace GroundedSam.Inference.Masks;

/// <summary>The inpainting mask: the union of the chosen instances' masks, dilated, in the chosen polarity.</summary>
public static class MaskMerger
{
    public static BinaryMask Merge(int width, int height, IEnumerable<(string Label, BinaryMask Mask)> instances, MergeOptions options)
    {
        var union = BinaryMask.Union(width, height, instances.Where(i => options.Includes(i.Label)).Select(i => i.Mask));
        var grown = MaskMorphology.Dilate(union, options.DilationPixels);
        return options.Polarity == MaskPolarity.ObjectsBlack ? grown.Inverted() : grown;
    }
}
