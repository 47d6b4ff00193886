namespace GroundedSam.Inference.Outputs;

/// <summary>One file of a photo's results: its path relative to the photo's result folder or job prefix.</summary>
public sealed record OutputArtifact(string RelativePath, string ContentType, byte[] Content);
