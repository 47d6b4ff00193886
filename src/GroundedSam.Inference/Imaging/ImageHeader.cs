namespace GroundedSam.Inference.Imaging;

/// <summary>What a photo's structure says before it is decoded.</summary>
/// <param name="Format">"JPEG", "PNG" or "WebP".</param>
/// <param name="Width">Stored width in pixels, before the EXIF orientation is applied.</param>
/// <param name="Height">Stored height in pixels, before the EXIF orientation is applied.</param>
/// <param name="Orientation">EXIF orientation 1 to 8 (1: as stored).</param>
public sealed record ImageHeader(string Format, int Width, int Height, int Orientation);
