using System.Text.Json.Serialization;

namespace GroundedSam.Contracts;

/// <summary>Which side of the merged mask is white. Inpainting pipelines (diffusers) repaint the white pixels. On the wire as its name (numbers are accepted too).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MaskPolarity>))]
public enum MaskPolarity
{
    /// <summary>Objects white, background black: the inpainter repaints the objects.</summary>
    ObjectsWhite,

    /// <summary>Objects black, background white: the inpainter keeps the objects and repaints the rest.</summary>
    ObjectsBlack,
}
