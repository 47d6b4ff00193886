namespace GroundedSam.Inference.Detections;

/// <summary>
/// A part of the photo, as fractions of its width and height (0..1, origin top-left). A detection is kept when
/// its box centre lies inside: the user's own desk, not the neighbour's mouse at the edge of the frame.
/// </summary>
public sealed record RegionOfInterest(float X1, float Y1, float X2, float Y2)
{
    public bool Contains(Box box, int imageWidth, int imageHeight)
    {
        var (cx, cy) = box.Center;
        return cx >= X1 * imageWidth && cx <= X2 * imageWidth && cy >= Y1 * imageHeight && cy <= Y2 * imageHeight;
    }

    /// <summary>Parses "x1,y1,x2,y2" in fractions, for example "0.1,0,0.9,1".</summary>
    public static RegionOfInterest Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 4 || !parts.All(p => float.TryParse(p, System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"A region is four fractions \"x1,y1,x2,y2\" such as \"0.1,0,0.9,1\"; got \"{text}\".");
        }

        var v = parts.Select(p => float.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var region = new RegionOfInterest(v[0], v[1], v[2], v[3]);
        region.Validate();
        return region;
    }

    public void Validate()
    {
        if (!(X1 is >= 0 and <= 1 && Y1 is >= 0 and <= 1 && X2 is >= 0 and <= 1 && Y2 is >= 0 and <= 1) || X2 <= X1 || Y2 <= Y1)
        {
            throw new ArgumentException($"The region {X1},{Y1},{X2},{Y2} must be fractions in [0, 1] with x1 < x2 and y1 < y2.");
        }
    }
}
