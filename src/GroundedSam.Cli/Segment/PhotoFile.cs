namespace GroundedSam.Cli.Segment;

/// <summary>A photo to process: where it is, how to call it, and the folder its results go to.</summary>
internal sealed record PhotoFile(string Path, string DisplayName, string OutputName);
