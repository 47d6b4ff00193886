namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// Grounding DINO's resize rule, <c>get_size_with_aspect_ratio</c> with size 800 and max_size 1333 (spec §1.4):
/// the shorter side becomes 800 unless that makes the longer side pass 1333, the longer side is truncated, and an
/// image whose shorter side already fits is left alone. Python's <c>round</c> rounds halves to even.
/// </summary>
public static class DinoImageSize
{
    public const int ShortSide = 800;
    public const int MaxLongSide = 1333;

    public static (int Width, int Height) Compute(int width, int height, int size = ShortSide, int maxSize = MaxLongSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        double shorter = Math.Min(width, height);
        double longer = Math.Max(width, height);
        if (longer / shorter * size > maxSize)
        {
            // Never below one pixel: a 1×3000 strip would round to 0 and no resize can make an empty image.
            size = Math.Max(1, (int)Math.Round(maxSize * shorter / longer, MidpointRounding.ToEven));
        }

        if ((width <= height && width == size) || (height <= width && height == size))
        {
            return (width, height);
        }

        return width < height
            ? (size, Math.Max(1, (int)((double)size * height / width)))
            : (Math.Max(1, (int)((double)size * width / height)), size);
    }
}
