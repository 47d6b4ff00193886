namespace GroundedSam.Inference.Models;

/// <summary>A model file could not be downloaded or did not verify.</summary>
public sealed class ModelDownloadException(string message, Exception? inner = null) : Exception(message, inner);
