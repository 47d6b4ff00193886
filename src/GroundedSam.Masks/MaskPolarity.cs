namespace GroundedSam.Masks;

/// <summary>Which side of the merged mask is white. Inpainting pipelines (diffusers) repaint the white pixels.</summary>
public enum MaskPolarity
{
    /// <summary>Objects white, background black: the inpainter repaints the objects.</summary>
    ObjectsWhite,

    /// <summary>Objects black, background white: the inpainter keeps the objects and repaints the rest (the seed team's choice).</summary>
    ObjectsBlack,
}
