namespace GroundedSam.Inference.Detections;

/// <summary>
/// One box from Grounding DINO after post-processing: the category it belongs to (one per box, by the span rule),
/// the detector's confidence (the maximum token probability, spec §1.5 step 2) and the box in original pixels,
/// clipped to the photo (<see cref="Box"/>, what is reported) and as decoded (<see cref="PromptBox"/>, what SAM 2 is
/// prompted with, as in the reference: clipping would change the prompt of every object at the photo's edge).
/// </summary>
public sealed record Detection(int CategoryIndex, string Label, float Score, Box Box)
{
    /// <summary>The box as the detector decoded it, possibly reaching past the photo. Defaults to <see cref="Box"/>.</summary>
    public Box PromptBox { get; init; } = Box;
}
