namespace GroundedSam.Inference.Detections;

/// <summary>An axis-aligned box, xyxy, in original-image pixels (x to the right, y down, origin top-left).</summary>
public readonly record struct Box(float X1, float Y1, float X2, float Y2)
{
    public float Width => Math.Max(0, X2 - X1);

    public float Height => Math.Max(0, Y2 - Y1);

    public float Area => Width * Height;

    /// <summary>Converts a normalised centre-size box (Grounding DINO's <c>pred_boxes</c>) to pixels (spec §1.5 step 5).</summary>
    public static Box FromNormalizedCenter(float cx, float cy, float w, float h, int imageWidth, int imageHeight) =>
        new((cx - w / 2) * imageWidth, (cy - h / 2) * imageHeight, (cx + w / 2) * imageWidth, (cy + h / 2) * imageHeight);

    public Box ClipTo(int width, int height) =>
        new(Math.Clamp(X1, 0, width), Math.Clamp(Y1, 0, height), Math.Clamp(X2, 0, width), Math.Clamp(Y2, 0, height));

    public Box Union(Box other) =>
        new(Math.Min(X1, other.X1), Math.Min(Y1, other.Y1), Math.Max(X2, other.X2), Math.Max(Y2, other.Y2));

    public float IntersectionArea(Box other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    public float IoU(Box other)
    {
        var intersection = IntersectionArea(other);
        var union = Area + other.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /// <summary>Intersection over the smaller box's area: 1 when one box lies inside the other.</summary>
    public float Containment(Box other)
    {
        var smaller = Math.Min(Area, other.Area);
        return smaller <= 0 ? 0 : IntersectionArea(other) / smaller;
    }

    public (float X, float Y) Center => ((X1 + X2) / 2, (Y1 + Y2) / 2);
}
