namespace GroundedSam.Inference.Models;

/// <summary>
/// Where each model file sits in a models folder: the layout <c>gsam models pull</c> writes, and the one of the
/// tiny test models in <c>models/tiny</c>.
/// </summary>
public sealed record ModelPaths(string Folder)
{
    public string GroundingDino => Path.Combine(Folder, "grounding-dino-tiny", "onnx", "model.onnx");

    public string Vocabulary => Path.Combine(Folder, "grounding-dino-tiny", "vocab.txt");

    public string Sam2Encoder => Path.Combine(Folder, "sam2.1-hiera-tiny", "onnx", "vision_encoder.onnx");

    public string Sam2Decoder => Path.Combine(Folder, "sam2.1-hiera-tiny", "onnx", "prompt_encoder_mask_decoder.onnx");

    /// <summary>Throws <see cref="ModelsMissingException"/> naming every missing file; the host says how to get them.</summary>
    public void EnsureExist()
    {
        var missing = new[] { GroundingDino, Vocabulary, Sam2Encoder, Sam2Decoder }.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new ModelsMissingException(Folder, missing);
        }
    }
}
