using GroundedSam.Inference.Detections;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Sam2;

/// <summary>
/// SAM 2 as the reference's <c>SAM2ImagePredictor.predict(box=…, multimask_output=False)</c> uses it (spec §1.7,
/// §1.8): the photo stretched to 1024×1024, the encoder run once, then the decoder once for all boxes. Each box is
/// its two corners in the 1024 frame, labelled 2 and 3, with no point of our own: the graph adds the +0.5
/// pixel-centre shift and the one not-a-point token the reference pads a box prompt with, so the decoder sees three
/// sparse tokens. Feeds either export of <see cref="Sam2Contracts"/>: the Hugging Face one takes the box as
/// <c>input_boxes</c> with an empty point axis (as transformers.js feeds a box-only prompt,
/// <c>models/sam2/modeling_sam2.js</c>), ONNX Runtime's takes the corners as points with their labels.
/// </summary>
public sealed class Sam2Segmenter : ISegmenter
{
    public const int InputSize = 1024;

    /// <summary>Side of the decoders' low-resolution masks.</summary>
    private const int LowResolution = 256;

    // ONNX Runtime's export takes an empty prior mask per box (256 KB of zeros each): one shared array of zeros.
    private readonly ConstantInputs<float> _zeros = new(0f);

    private readonly OrtMemoryInfo _embeddingsMemory;
    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly bool _onnxRuntimeExport;
    private readonly string _pixelInput;
    private readonly string[] _embeddings;
    private readonly string[] _decoderOutputs;
    private readonly bool _batchBoxes;

    /// <param name="embeddingsMemory">Where the encoder leaves the image embeddings for the decoder: the device the
    /// sessions run on (<see cref="OnnxSessionFactory.DeviceMemory"/>); CPU memory by default.</param>
    public Sam2Segmenter(InferenceSession encoder, InferenceSession decoder, string encoderPath, string decoderPath, OrtMemoryInfo? embeddingsMemory = null)
    {
        _embeddingsMemory = embeddingsMemory ?? OrtMemoryInfo.DefaultInstance;
        var encoderContract = ModelContract.Require(encoder, encoderPath, Sam2Contracts.HuggingFaceEncoder, Sam2Contracts.OnnxRuntimeEncoder);
        var decoderContract = ModelContract.Require(decoder, decoderPath, Sam2Contracts.HuggingFaceDecoder, Sam2Contracts.OnnxRuntimeDecoder);
        _onnxRuntimeExport = decoderContract == Sam2Contracts.OnnxRuntimeDecoder;
        if ((encoderContract == Sam2Contracts.OnnxRuntimeEncoder) != _onnxRuntimeExport)
        {
            throw new ModelContractException(
                $"{encoderPath} is the {encoderContract.Name} but {decoderPath} is the {decoderContract.Name}: use the encoder and the decoder of one export.");
        }

        _encoder = encoder;
        _decoder = decoder;
        _pixelInput = encoderContract.Inputs[0].Name;
        _embeddings = [.. encoderContract.Outputs.Select(o => o.Name)];
        _decoderOutputs = [.. decoderContract.Outputs.Select(o => o.Name)];

        var masks = decoder.OutputMetadata[_decoderOutputs[1]].Dimensions;
        if (masks[^3] > 0 && !MaskChoice.IsSupportedCount(masks[^3]))
        {
            throw new ModelContractException(
                $"{decoderPath} returns {masks[^3]} candidate masks per box; this program takes 1 (a single-mask export), 3 (multimask) or 4 (the single-mask token and the three multimask ones).");
        }

        // The box axis must be dynamic to send every box in one call; an export traced with one box gets one call each.
        _batchBoxes = _onnxRuntimeExport
            ? decoder.InputMetadata["point_coords"].Dimensions[0] <= 0
            : decoder.InputMetadata["input_boxes"].Dimensions[1] <= 0;
    }

    public static Sam2Segmenter Open(string encoderPath, string decoderPath, OnnxSessionFactory sessions)
    {
        var encoder = sessions.Open(encoderPath);
        InferenceSession? decoder = null;
        try
        {
            decoder = sessions.Open(decoderPath);
            return new Sam2Segmenter(encoder, decoder, encoderPath, decoderPath, sessions.DeviceMemory);
        }
        catch
        {
            encoder.Dispose();
            decoder?.Dispose();
            throw;
        }
    }

    public SegmenterInput Prepare(Image<Rgb24> image)
    {
        var input = new SegmenterInput(image.Width, image.Height, InputSize);
        try
        {
            ImageNetTensor.Write(image, InputSize, InputSize, input.Pixels);
            return input;
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    public IReadOnlyList<MaskPrediction> Segment(SegmenterInput input, IReadOnlyList<Box> boxes)
    {
        if (boxes.Count == 0)
        {
            return [];
        }

        using var runOptions = new RunOptions();
        using var embeddings = Encode(input, runOptions);

        var predictions = new List<MaskPrediction>(boxes.Count);
        if (_batchBoxes)
        {
            Decode(runOptions, embeddings, input, boxes, predictions);
        }
        else
        {
            foreach (var box in boxes)
            {
                Decode(runOptions, embeddings, input, [box], predictions);
            }
        }

        return predictions;
    }

    /// <summary>
    /// The image embeddings, bound to the sessions' device: on CUDA they stay in GPU memory from the encoder to the
    /// decoder (a plain Run would copy them, 16 MB at SAM 2's sizes, to the host and back).
    /// </summary>
    internal IDisposableReadOnlyCollection<OrtValue> Encode(SegmenterInput input, RunOptions runOptions)
    {
        using var pixels = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            input.Pixels.AsMemory(0, 3 * input.Size * input.Size), [1, 3, input.Size, input.Size]);
        using var binding = _encoder.CreateIoBinding();
        binding.BindInput(_pixelInput, pixels);
        foreach (var name in _embeddings)
        {
            binding.BindOutputToDevice(name, _embeddingsMemory);
        }

        return _encoder.RunWithBoundResults(runOptions, binding);
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }

    /// <summary>
    /// A box in the 1024 frame as the reference computes it in float32 (<c>transform_boxes</c> with normalize=True):
    /// divided by the photo's size, then multiplied by 1024, so the values are bit-for-bit the reference's.
    /// </summary>
    internal static void ToInputFrame(Box box, int imageWidth, int imageHeight, Span<float> corners)
    {
        corners[0] = box.X1 / imageWidth * InputSize;
        corners[1] = box.Y1 / imageHeight * InputSize;
        corners[2] = box.X2 / imageWidth * InputSize;
        corners[3] = box.Y2 / imageHeight * InputSize;
    }

    private void Decode(RunOptions runOptions, IReadOnlyList<OrtValue> embeddings, SegmenterInput input,
        IReadOnlyList<Box> boxes, List<MaskPrediction> predictions)
    {
        var n = boxes.Count;
        var corners = new float[n * 4];
        for (var i = 0; i < n; i++)
        {
            ToInputFrame(boxes[i], input.ImageWidth, input.ImageHeight, corners.AsSpan(i * 4, 4));
        }

        var prompt = _onnxRuntimeExport ? OnnxRuntimePrompt(corners, n) : HuggingFacePrompt(corners, n);
        try
        {
            var feeds = new Dictionary<string, OrtValue>(prompt);
            for (var i = 0; i < _embeddings.Length; i++)
            {
                feeds[_embeddings[i]] = embeddings[i];
            }

            using var outputs = _decoder.Run(runOptions, feeds, _decoderOutputs);
            var ious = outputs[0].GetTensorDataAsSpan<float>();
            var masks = outputs[1].GetTensorDataAsSpan<float>();
            var shape = outputs[1].GetTensorTypeAndShape().Shape;
            var candidates = (int)shape[^3];
            var height = (int)shape[^2];
            var width = (int)shape[^1];
            if (!MaskChoice.IsSupportedCount(candidates) || ious.Length != n * candidates || masks.Length != n * candidates * height * width)
            {
                throw new ModelContractException(
                    $"The SAM 2 decoder returned {ious.Length} scores and masks of shape [{string.Join(",", shape)}] for {n} box(es); expected 1, 3 or 4 candidates per box.");
            }

            var plane = height * width;
            for (var i = 0; i < n; i++)
            {
                var boxMasks = masks.Slice(i * candidates * plane, candidates * plane);
                var boxIous = ious.Slice(i * candidates, candidates);
                var chosen = MaskChoice.Choose(boxMasks, boxIous, plane);
                predictions.Add(MaskPrediction.Copy(boxMasks.Slice(chosen * plane, plane), width, height, boxIous[chosen]));
            }
        }
        finally
        {
            foreach (var value in prompt.Values)
            {
                value.Dispose();
            }
        }
    }

    // The Hugging Face export: the boxes as they are and an empty point axis (a padding point of our own would be a
    // fourth sparse token beside the export's).
    private static Dictionary<string, OrtValue> HuggingFacePrompt(float[] corners, long n) => new()
    {
        ["input_points"] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [1, n, 0, 2]),
        ["input_labels"] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Int64, [1, n, 0]),
        ["input_boxes"] = OrtValue.CreateTensorValueFromMemory(corners, [1, n, 4]),
    };

    // ONNX Runtime's export: each box as its two corners labelled 2 and 3, no prior mask. The graph also upsamples to
    // original_image_size for its `masks` output, which is not read (the low-resolution logits are upsampled here, one
    // path for every export), so it is asked for at the low resolution and costs nothing.
    private Dictionary<string, OrtValue> OnnxRuntimePrompt(float[] corners, long n)
    {
        var labels = new int[n * 2];
        for (var i = 0; i < n; i++)
        {
            labels[(i * 2) + 0] = 2;
            labels[(i * 2) + 1] = 3;
        }

        return new()
        {
            ["point_coords"] = OrtValue.CreateTensorValueFromMemory(corners, [n, 2, 2]),
            ["point_labels"] = OrtValue.CreateTensorValueFromMemory(labels, [n, 2]),
            ["input_masks"] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _zeros.Get(n * LowResolution * LowResolution), [n, 1, LowResolution, LowResolution]),
            ["has_input_masks"] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _zeros.Get(n), [n]),
            ["original_image_size"] = OrtValue.CreateTensorValueFromMemory(new[] { LowResolution, LowResolution }, [2]),
        };
    }
}
