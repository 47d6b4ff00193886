using GroundedSam.Contracts;
namespace GroundedSam.Masks;

/// <summary>The inpainting mask: the union of the chosen instances' masks, dilated, feathered, in the chosen polarity.</summary>
public static class MaskMerger
{
    /// <summary>The binary merged mask (no feathering).</summary>
    public static BinaryMask Merge(int width, int height, IEnumerable<(string Label, BinaryMask Mask)> instances, MergeOptions options)
    {
        var grown = Objects(width, height, instances, options, out _);
        return options.Polarity == MaskPolarity.ObjectsBlack ? grown.Inverted() : grown;
    }

    /// <summary>The merged mask as grey levels (feathering included), with what went into it.</summary>
    public static MergedMask Render(int width, int height, IEnumerable<(string Label, BinaryMask Mask)> instances, MergeOptions options)
    {
        var grown = Objects(width, height, instances, options, out var included);
        var pixels = options.FeatherPixels > 0 ? MaskFeather.Apply(grown, options.FeatherPixels) : (byte[])grown.Pixels.Clone();
        if (options.Polarity == MaskPolarity.ObjectsBlack)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(255 - pixels[i]);
            }
        }

        var labels = included.Select(i => i.Label).Distinct(StringComparer.Ordinal).ToArray();
        return new MergedMask(pixels, width, height, grown.Area(), labels, included.Count);
    }

    private static BinaryMask Objects(int width, int height, IEnumerable<(string Label, BinaryMask Mask)> instances, MergeOptions options,
        out List<(string Label, BinaryMask Mask)> included)
    {
        options.Validate();
        included = [.. instances.Where(i => options.Includes(i.Label))];
        var union = BinaryMask.Union(width, height, included.Select(i => i.Mask));
        return MaskMorphology.Dilate(union, options.DilationPixels);
    }
}
