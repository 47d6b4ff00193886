using System.CommandLine;
using GroundedSam.Inference.Onnx;

namespace GroundedSam.Cli;

/// <summary>Where the model files are and where they run: options shared by every command that loads models.</summary>
internal sealed class ModelOptions
{
    public const string ModelsEnvironmentVariable = "GSAM_MODELS";

    public Option<string> Models { get; } = new("--models")
    {
        Description = $"Folder with the model files (as `gsam models pull` lays them out). Default: ${ModelsEnvironmentVariable}, else ./models. " +
                      "models/tiny in this repository holds tiny test models.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ModelsEnvironmentVariable) is { Length: > 0 } env ? env : "models",
    };

    public Option<int> Device { get; } = new("--device")
    {
        Description = "CUDA device id. Default 0.",
        DefaultValueFactory = _ => 0,
    };

    public Option<bool> Cpu { get; } = new("--cpu") { Description = "Run on CPU even where CUDA is available." };

    public void AddTo(Command command)
    {
        command.Add(Models);
        command.Add(Device);
        command.Add(Cpu);
    }

    public ExecutionOptions Execution(ParseResult result) => new()
    {
        PreferCuda = !result.GetValue(Cpu),
        CudaDeviceId = result.GetValue(Device),
    };
}
