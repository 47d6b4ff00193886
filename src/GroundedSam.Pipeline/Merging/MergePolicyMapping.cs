using GroundedSam.Contracts;
using GroundedSam.Pipeline.Delivery;
using MaskMergeOptions = GroundedSam.Masks.MergeOptions;

namespace GroundedSam.Pipeline.Merging;

/// <summary>
/// A message's <see cref="MergePolicy"/> to the mask library's options and back. Absent fields take the defaults;
/// out-of-range ones become <see cref="JobRejectedException"/> with <see cref="FailureReason.InvalidOptions"/>.
/// </summary>
public static class MergePolicyMapping
{
    public static MaskMergeOptions ToMergeOptions(MergePolicy? merge)
    {
        var options = new MaskMergeOptions
        {
            Polarity = merge?.Polarity ?? MaskPolarity.ObjectsWhite,
            DilationPixels = merge?.DilationPixels ?? 0,
            FeatherPixels = merge?.FeatherPixels ?? 0,
            Labels = merge?.Labels,
        };
        JobRejectedException.CheckOptions(options.Validate);
        return options;
    }

    /// <summary>Merge options as a message's policy; <see cref="ToMergeOptions"/> reads it back unchanged.</summary>
    public static MergePolicy ToPolicy(MaskMergeOptions merge) => new()
    {
        Labels = merge.Labels,
        Polarity = merge.Polarity,
        DilationPixels = merge.DilationPixels,
        FeatherPixels = merge.FeatherPixels,
    };
}
