namespace GroundedSam.Storage;

/// <summary>A bucket name or object key from outside that the pipeline refuses to use.</summary>
public sealed class InvalidObjectKeyException(string message) : Exception(message);
