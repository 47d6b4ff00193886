using GroundedSam.Inference.Detections;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Onnx;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// Grounding DINO on one ONNX Runtime session, opened once and shared: <c>Run</c> is thread-safe. Feeds either
/// the Hugging Face export or the six-input IDEA export (<see cref="GroundingDinoContracts"/>).
/// </summary>
public sealed class GroundingDinoDetector : IDetector
{
    // Shared by every call (ONNX Runtime only reads inputs): the pixel mask alone is 8.5 MB of int64 at 1333×800.
    private readonly ConstantInputs<long> _ones = new(1L);
    private readonly ConstantInputs<long> _zeros = new(0L);
    private readonly ConstantInputs<bool> _true = new(true);

    private readonly InferenceSession _session;
    private readonly ModelContract _contract;
    private readonly (int Width, int Height)? _fixedSize;

    public GroundingDinoDetector(InferenceSession session, PromptTokenizer tokenizer, string modelPath)
    {
        _session = session;
        Tokenizer = tokenizer;
        _contract = ModelContract.Require(session, modelPath, GroundingDinoContracts.HuggingFace, GroundingDinoContracts.SixInput);
        var dims = session.InputMetadata[_contract.Inputs[0].Name].Dimensions;
        if (dims[2] > 0 && dims[3] > 0)
        {
            // An export traced with a fixed image size cannot take the 800/1333 rule's sizes: stretch to it.
            _fixedSize = (dims[3], dims[2]);
        }
    }

    public PromptTokenizer Tokenizer { get; }

    public static GroundingDinoDetector Open(string modelPath, string vocabularyPath, OnnxSessionFactory sessions)
    {
        var tokenizer = PromptTokenizer.FromVocabulary(vocabularyPath);
        var session = sessions.Open(modelPath);
        try
        {
            return new GroundingDinoDetector(session, tokenizer, modelPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public DetectorInput Prepare(Image<Rgb24> image, TokenizedPrompt prompt)
    {
        var (width, height) = _fixedSize ?? DinoImageSize.Compute(image.Width, image.Height);
        var input = new DetectorInput(prompt, image.Width, image.Height, width, height);
        try
        {
            input.Keep(ImageNetTensor.WriteKeepingResized(image, width, height, input.Pixels));
            return input;
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    public IReadOnlyList<Detection> Detect(DetectorInput input, DetectionThresholds thresholds)
    {
        var ids = input.Prompt.InputIds;
        long length = ids.Length;
        var pixelCount = 3 * input.TensorWidth * input.TensorHeight;
        var values = new List<OrtValue>();
        try
        {
            var pixels = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                input.Pixels.AsMemory(0, pixelCount), [1, 3, input.TensorHeight, input.TensorWidth]);
            values.Add(pixels);
            var feeds = new Dictionary<string, OrtValue> { [_contract.Inputs[0].Name] = pixels };
            feeds["input_ids"] = Add(OrtValue.CreateTensorValueFromMemory((long[])ids.Clone(), [1, length]));
            feeds["token_type_ids"] = Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _zeros.Get(length), [1, length]));
            if (_contract == GroundingDinoContracts.HuggingFace)
            {
                feeds["attention_mask"] = Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ones.Get(length), [1, length]));
                feeds["pixel_mask"] = Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                    _ones.Get((long)input.TensorWidth * input.TensorHeight), [1, input.TensorHeight, input.TensorWidth]));
            }
            else
            {
                var (positions, selfAttention) = TextMasks.Build(ids);
                feeds["attention_mask"] = Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _true.Get(length), [1, length]));
                feeds["position_ids"] = Add(OrtValue.CreateTensorValueFromMemory(positions, [1, length]));
                feeds["text_token_mask"] = Add(OrtValue.CreateTensorValueFromMemory(selfAttention, [1, length, length]));
            }

            var outputNames = _contract.Outputs.Select(o => o.Name).ToArray();
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, feeds, outputNames);
            var logitsShape = outputs[0].GetTensorTypeAndShape().Shape;
            var queries = (int)logitsShape[1];
            var stride = (int)logitsShape[2];
            return DetectionDecoder.Decode(outputs[0].GetTensorDataAsSpan<float>(), outputs[1].GetTensorDataAsSpan<float>(),
                queries, stride, input.Prompt, thresholds, input.ImageWidth, input.ImageHeight);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }

        OrtValue Add(OrtValue value)
        {
            values.Add(value);
            return value;
        }
    }

    public void Dispose() => _session.Dispose();
}
