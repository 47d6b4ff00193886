namespace GroundedSam.Inference.Models;

/// <summary>
/// Where each model file sits in a models folder: the layout <c>gsam models pull</c> writes, and the one of the
/// tiny test models in <c>models/tiny</c>.
/// </summary>
public sealed record ModelPaths(string Folder)
{
    public const string PullCommand = "gsam models pull";

    public string GroundingDino => Path.Combine(Folder, "grounding-dino-tiny", "onnx", "model.onnx");

    public string Vocabulary => Path.Combine(Folder, "grounding-dino-tiny", "vocab.txt");

    public string Sam2Encoder => Path.Combine(Folder, "sam2.1-hiera-tiny", "onnx", "vision_encoder.onnx");

    public string Sam2Decoder => Path.Combine(Folder, "sam2.1-hiera-tiny", "onnx", "prompt_encoder_mask_decoder.onnx");

    /// <summary>Throws <see cref="ModelsMissingException"/> naming every missing file and the command that fetches them.</summary>
    public void EnsureExist()
    {
        var missing = new[] { GroundingDino, Vocabulary, Sam2Encoder, Sam2Decoder }.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new ModelsMissingException(
                $"The model weights are not in {Path.GetFullPath(Folder)}. Missing:{Environment.NewLine}" +
                string.Join(Environment.NewLine, missing.Select(m => $"  {m}")) + Environment.NewLine +
                $"Download them (about 875 MB) with:  {PullCommand} --models {Folder}{Environment.NewLine}" +
                "or try the pipeline without weights on the tiny test models:  --models models/tiny");
        }
    }
}
