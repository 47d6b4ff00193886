namespace GroundedSam.Inference.Imaging;

/// <summary>Checks applied before a photo is decoded, so that a hostile file cannot make us allocate or work without bound.</summary>
public sealed class ImageLimits
{
    /// <summary>Default of <see cref="MaxJpegScans"/>: encoders write 1 (baseline) to about 12 (progressive) scans.</summary>
    public const int DefaultMaxJpegScans = 100;

    /// <summary>Default of <see cref="MaxBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    /// <summary>Default of <see cref="MaxPixels"/>: 50 MP, so a 48 MP phone photo passes.</summary>
    public const long DefaultMaxPixels = 50_000_000;

    /// <summary>Largest encoded file accepted, in bytes. Default 64 MiB.</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>Largest decoded size, in pixels (width × height). Default 50 MP: a 48 MP phone photo passes.</summary>
    public long MaxPixels { get; set; } = DefaultMaxPixels;

    /// <summary>
    /// Most scans a JPEG may have. A progressive scan is a pass over the whole photo: a 4 MB file with 50,000 of them
    /// takes about a minute to decode. Default <see cref="DefaultMaxJpegScans"/>.
    /// </summary>
    public int MaxJpegScans { get; set; } = DefaultMaxJpegScans;

    /// <summary>Throws <see cref="ImageRejectedException"/> (<see cref="ImageProblem.TooLarge"/>) when the size is over <see cref="MaxPixels"/>.</summary>
    public void CheckPixels(string format, long width, long height)
    {
        var pixels = width * height;
        if (pixels > MaxPixels)
        {
            throw new ImageRejectedException(ImageProblem.TooLarge,
                $"The {format} is {width}×{height} ({pixels / 1e6:0.#} MP); the limit is {MaxPixels / 1e6:0.#} MP. Downscale it before uploading.");
        }
    }
}
