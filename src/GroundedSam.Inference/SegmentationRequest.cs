using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;

namespace GroundedSam.Inference;

/// <summary>What to look for in a photo and how to filter what is found.</summary>
public sealed record SegmentationRequest(string Prompt)
{
    public DetectionThresholds Thresholds { get; init; } = new();

    public SelectionPolicy Policy { get; init; } = SelectionPolicy.Default;

    /// <summary>
    /// The reference preset: every departure from the Grounded-SAM-2 local demo off, for a 1:1 comparison. The photo
    /// is read as stored (no EXIF orientation), every box above the box threshold is kept, named by its
    /// <see cref="ReferencePhrase"/> and reported as decoded (not clipped), and <see cref="Policy"/> must be
    /// <see cref="SelectionPolicy.None"/>. Default false.
    /// </summary>
    public bool Reference { get; init; }

    /// <summary>A request with the reference preset on.</summary>
    public static SegmentationRequest ForReference(string prompt) => new(prompt) { Policy = SelectionPolicy.None, Reference = true };

    /// <exception cref="ArgumentException">A threshold or policy value out of range, or the reference preset with a departure on.</exception>
    public void Validate()
    {
        Thresholds.Validate();
        Policy.Validate();
        if (Reference && Policy.Departures() is [_, ..] departures)
        {
            throw new ArgumentException(
                $"The reference preset turns every departure off, so it cannot be combined with {string.Join(", ", departures)}; drop one or the other.");
        }
    }
}
