using GroundedSam.Inference.Models;
using Microsoft.Extensions.Options;

namespace GroundedSam.Segmentation;

/// <summary>A segmentation worker without its model files stops at boot, naming the files and the command that fetches them.</summary>
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
            return ValidateOptionsResult.Fail($"Models:Folder: {ex.Message}");
        }
    }
}
