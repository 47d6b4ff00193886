namespace GroundedSam.Inference.Models;

/// <summary>The model files are not where they were looked for; the message names the command that fetches them.</summary>
public sealed class ModelsMissingException(string message) : Exception(message);
