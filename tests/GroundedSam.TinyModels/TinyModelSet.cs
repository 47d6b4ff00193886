namespace GroundedSam.TinyModels;

/// <summary>The tiny models laid out like the real downloads, so a model folder of either kind works the same.</summary>
public static class TinyModelSet
{
    public static IReadOnlyDictionary<string, byte[]> Files() => new Dictionary<string, byte[]>
    {
        ["grounding-dino-tiny/onnx/model.onnx"] = TinyDetector.Build(),
        ["sam2.1-hiera-tiny/onnx/vision_encoder.onnx"] = TinySegmenter.BuildEncoder(),
        ["sam2.1-hiera-tiny/onnx/prompt_encoder_mask_decoder.onnx"] = TinySegmenter.BuildDecoder(),

        // The other SAM 2 decoders this program accepts: a four-candidate Hugging Face decoder, ONNX Runtime's export.
        ["sam2-four-candidates/onnx/prompt_encoder_mask_decoder.onnx"] = TinySegmenter.BuildDecoder(candidates: 4),
        ["sam2-onnxruntime/onnx/vision_encoder.onnx"] = TinySegmenter.BuildEncoder(onnxRuntime: true),
        ["sam2-onnxruntime/onnx/prompt_encoder_mask_decoder.onnx"] = TinySegmenter.BuildOnnxRuntimeDecoder(),
    };

    public static void WriteTo(string folder)
    {
        foreach (var (path, bytes) in Files())
        {
            var target = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
            Console.WriteLine($"{target} ({bytes.Length:N0} bytes)");
        }
    }
}
