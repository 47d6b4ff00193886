using GroundedSam.Contracts;
namespace GroundedSam.Masks;

/// <summary>How instance masks become the one mask handed to the inpainter.</summary>
public sealed record MergeOptions
{
    /// <summary>Most labels a merge may name (a prompt has at most 256 tokens).</summary>
    public const int MaxLabels = 256;

    /// <summary>Longest label a merge may name, in characters.</summary>
    public const int MaxLabelLength = 256;

    /// <summary>Default <see cref="MaskPolarity.ObjectsWhite"/>.</summary>
    public MaskPolarity Polarity { get; init; } = MaskPolarity.ObjectsWhite;

    /// <summary>Grow the objects by this many pixels (round brush) before the polarity is applied. Default 0.</summary>
    public int DilationPixels { get; init; }

    /// <summary>Soften the edge over this many pixels (the mask then holds grey levels). Default 0.</summary>
    public int FeatherPixels { get; init; }

    /// <summary>Labels whose instances join the merged mask; null or empty: all of them.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    public bool Includes(string label) => Labels is not { Count: > 0 } || Labels.Contains(label, StringComparer.OrdinalIgnoreCase);

    public void Validate()
    {
        if (DilationPixels is < 0 or > 512)
        {
            throw new ArgumentOutOfRangeException(nameof(DilationPixels), DilationPixels, "Dilation is 0 to 512 pixels.");
        }

        if (FeatherPixels is < 0 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(FeatherPixels), FeatherPixels, "Feathering is 0 to 256 pixels.");
        }

        if (Labels is { } labels && (labels.Count > MaxLabels || labels.Any(l => l is null || l.Length > MaxLabelLength)))
        {
            throw new ArgumentException($"Labels: at most {MaxLabels}, each at most {MaxLabelLength} characters.", nameof(Labels));
        }
    }
}
