namespace GroundedSam.Inference.Detections;

/// <summary>
/// One box from Grounding DINO above the box threshold: the category it belongs to by the span rule, the detector's
/// confidence (the maximum token probability, spec §1.5 step 2) and the box in original pixels, clipped to the photo
/// (<see cref="Box"/>, what is reported) and as decoded (<see cref="PromptBox"/>, what SAM 2 is prompted with, as in
/// the reference: clipping would change the prompt of every object at the photo's edge). It also carries what the
/// reference would call it (<see cref="Phrase"/>), for the reference preset.
/// </summary>
public sealed record Detection(int CategoryIndex, string Label, float Score, Box Box)
{
    /// <summary>The box as the detector decoded it, possibly reaching past the photo. Defaults to <see cref="Box"/>.</summary>
    public Box PromptBox { get; init; } = Box;

    /// <summary>
    /// False when the span rule finds no category: the best token is [CLS], lies past [SEP], or no token of its
    /// category passes the text threshold. The reference keeps such a box (named by its <see cref="Phrase"/>); by
    /// default it is dropped.
    /// </summary>
    public bool HasCategory { get; init; } = true;

    /// <summary>The reference's label (<see cref="GroundingDino.ReferencePhrase"/>). Defaults to <see cref="Label"/>.</summary>
    public string Phrase { get; init; } = Label;

    /// <summary>Reported as the reference reports it: named by its phrase, the box as decoded.</summary>
    public Detection AsReference() => this with { Label = Phrase, Box = PromptBox };
}
