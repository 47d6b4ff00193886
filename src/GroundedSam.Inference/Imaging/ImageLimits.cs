using System.ComponentModel.DataAnnotations;

namespace GroundedSam.Inference.Imaging;

/// <summary>Checks applied before a photo is decoded, so that a hostile header cannot make us allocate.</summary>
public sealed class ImageLimits
{
    /// <summary>Largest encoded file accepted, in bytes. Default 64 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest decoded size, in pixels (width × height). Default 50 MP: a 48 MP phone photo passes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;
}
