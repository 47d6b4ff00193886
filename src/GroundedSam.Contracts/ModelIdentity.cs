namespace GroundedSam.Contracts;

/// <summary>Which model files produced a result.</summary>
public sealed record ModelIdentity
{
    /// <summary>Detector, e.g. <c>grounding-dino-tiny</c>.</summary>
    public required string Detector { get; init; }

    /// <summary>Segmenter, e.g. <c>sam2.1-hiera-tiny</c>.</summary>
    public required string Segmenter { get; init; }

    /// <summary>Where they ran, e.g. <c>CUDA:0</c> or <c>CPU</c>.</summary>
    public required string Device { get; init; }
}
