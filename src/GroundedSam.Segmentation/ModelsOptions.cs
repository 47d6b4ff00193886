using System.ComponentModel.DataAnnotations;

namespace GroundedSam.Segmentation;

/// <summary>Configuration section <c>Models</c>: the folder <c>gsam models pull</c> filled.</summary>
public sealed class ModelsOptions
{
    public const string Section = "Models";

    /// <summary>Model folder. Default <c>models</c> (relative to the working directory).</summary>
    [Required]
    public string Folder { get; set; } = "models";
}
