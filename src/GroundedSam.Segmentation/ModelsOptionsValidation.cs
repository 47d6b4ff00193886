using GroundedSam.Inference.Models;
using Microsoft.Extensions.Options;

namespace GroundedSam.Segmentation;

/// <summary>A segmentation worker without its model files stops at boot, naming the files and how to get them.</summary>
public sealed class ModelsOptionsValidation : IValidateOptions<ModelsOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelsOptions options)
    {
        try
        {
            new ModelPaths(options.Folder).EnsureExist();
            return ValidateOptionsResult.Success;
        }
        catch (ModelsMissingException ex)
        {
            return ValidateOptionsResult.Fail($"Models:Folder: {ex.Message}{Environment.NewLine}" +
                "Point Models__Folder at a folder with the weights (in the container image: a volume at /models), or fill it with `gsam models pull --models DIR`.");
        }
    }
}
