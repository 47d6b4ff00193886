namespace GroundedSam.Contracts;

/// <summary>A region of the photo as fractions of its width and height, origin top-left, each in [0, 1].</summary>
public sealed record BoxRegion
{
    /// <summary>Left edge, fraction of the width.</summary>
    public required float X1 { get; init; }

    /// <summary>Top edge, fraction of the height.</summary>
    public required float Y1 { get; init; }

    /// <summary>Right edge, fraction of the width; greater than <see cref="X1"/>.</summary>
    public required float X2 { get; init; }

    /// <summary>Bottom edge, fraction of the height; greater than <see cref="Y1"/>.</summary>
    public required float Y2 { get; init; }
}
