namespace GroundedSam.Cli.Folders;

/// <summary>A photo to process.</summary>
/// <param name="Path">Where it is on disk.</param>
/// <param name="RelativePath">Its path relative to the input folder ('/'-separated): its name in messages, manifests and keys.</param>
/// <param name="OutputName">The folder under <c>--out</c> its results go to (<see cref="OutputNames"/>).</param>
internal sealed record PhotoFile(string Path, string RelativePath, string OutputName)
{
    /// <summary><see cref="RelativePath"/> made safe to print.</summary>
    public string DisplayName => TerminalText.Safe(RelativePath);

}
