namespace GroundedSam.Inference.Models;

/// <summary>
/// The model files are not where they were looked for. The message names the folder and every missing file; how to
/// get them is the host's to say (<c>gsam models pull</c>, a mounted volume, an image with the weights).
/// </summary>
public sealed class ModelsMissingException(string folder, IReadOnlyList<string> missing) : Exception(
    $"The model weights are not in {Path.GetFullPath(folder)}. Missing:{Environment.NewLine}" + string.Join(Environment.NewLine, missing.Select(m => $"  {m}")))
{
    /// <summary>The models folder as it was given.</summary>
    public string Folder { get; } = folder;

    public IReadOnlyList<string> Missing { get; } = missing;
}
