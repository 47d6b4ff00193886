namespace GroundedSam.Contracts;

/// <summary>How the instance masks become the one inpainting mask. Every field is optional; absent means the default.</summary>
public sealed record MergePolicy
{
    /// <summary>Labels whose instances join the merged mask (as written in the prompt, case-insensitive). Null or empty: all.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Default <see cref="MaskPolarity.ObjectsWhite"/>.</summary>
    public MaskPolarity? Polarity { get; init; }

    /// <summary>Grow the objects by this many pixels (round brush) before polarity, 0 to 512. Default 0.</summary>
    public int? DilationPixels { get; init; }

    /// <summary>Soften the mask's edge over this many pixels (the merged PNG then holds grey levels), 0 to 256. Default 0.</summary>
    public int? FeatherPixels { get; init; }
}
