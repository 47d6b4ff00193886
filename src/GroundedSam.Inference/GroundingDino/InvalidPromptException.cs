namespace GroundedSam.Inference.GroundingDino;

/// <summary>The text prompt cannot be used: empty, no categories, or longer than Grounding DINO reads.</summary>
public sealed class InvalidPromptException(string message) : Exception(message);
