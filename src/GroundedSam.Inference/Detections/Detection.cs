namespace GroundedSam.Inference.Detections;

/// <summary>
/// One box from Grounding DINO after post-processing: the category it belongs to (one per box, by the span rule),
/// the detector's confidence (the maximum token probability, spec §1.5 step 2) and the box in original pixels.
/// </summary>
public sealed record Detection(int CategoryIndex, string Label, float Score, Box Box);
