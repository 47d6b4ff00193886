namespace GroundedSam.Cli.Folders;

/// <summary>A photo's results cannot be written without touching something gsam did not write, or under an unsafe name.</summary>
internal sealed class OutputConflictException(string message) : IOException(message);
