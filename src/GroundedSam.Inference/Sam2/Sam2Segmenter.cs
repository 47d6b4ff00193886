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
/// its two corners in the 1024 frame (the export's <c>input_boxes</c>; the graph labels them 2 and 3 and adds the
/// +0.5 pixel-centre shift itself) and no point: <c>input_points</c> and <c>input_labels</c> have an empty point
/// axis, as transformers.js feeds a box-only prompt (<c>models/sam2/modeling_sam2.js</c>); the export's prompt encoder
/// then adds the one not-a-point token the reference pads a box prompt with, so the decoder sees three sparse tokens.
/// </summary>
public sealed class Sam2Segmenter : ISegmenter
{
    public const int InputSize = 1024;
    private static readonly string[] EncoderOutputs = ["image_embeddings.0", "image_embeddings.1", "image_embeddings.2"];
    private static readonly string[] DecoderOutputs = ["iou_scores", "pred_masks"];

    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly bool _batchBoxes;

    public Sam2Segmenter(InferenceSession encoder, InferenceSession decoder, string encoderPath, string decoderPath)
    {
        ModelContract.Require(encoder, encoderPath, Sam2Contracts.Encoder);
        ModelContract.Require(decoder, decoderPath, Sam2Contracts.Decoder);
        _encoder = encoder;
        _decoder = decoder;

        // The box axis must be dynamic to send every box in one call; an export traced with one box gets one call each.
        _batchBoxes = decoder.InputMetadata["input_boxes"].Dimensions[1] <= 0;
    }

    public static Sam2Segmenter Open(string encoderPath, string decoderPath, OnnxSessionFactory sessions)
    {
        var encoder = sessions.Open(encoderPath);
        InferenceSession? decoder = null;
        try
        {
            decoder = sessions.Open(decoderPath);
            return new Sam2Segmenter(encoder, decoder, encoderPath, decoderPath);
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
        using var pixels = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            input.Pixels.AsMemory(0, 3 * input.Size * input.Size), [1, 3, input.Size, input.Size]);
        using var embeddings = _encoder.Run(runOptions, new Dictionary<string, OrtValue> { ["pixel_values"] = pixels }, EncoderOutputs);

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
        long n = boxes.Count;
        var corners = new float[n * 4];
        for (var i = 0; i < n; i++)
        {
            ToInputFrame(boxes[i], input.ImageWidth, input.ImageHeight, corners.AsSpan(i * 4, 4));
        }

        // An empty point axis: a padding point of our own would be a fourth sparse token beside the export's.
        using var points = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [1, n, 0, 2]);
        using var pointLabels = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Int64, [1, n, 0]);
        using var boxValue = OrtValue.CreateTensorValueFromMemory(corners, [1, n, 4]);
        var feeds = new Dictionary<string, OrtValue>
        {
            ["input_points"] = points,
            ["input_labels"] = pointLabels,
            ["input_boxes"] = boxValue,
            [EncoderOutputs[0]] = embeddings[0],
            [EncoderOutputs[1]] = embeddings[1],
            [EncoderOutputs[2]] = embeddings[2],
        };
        using var outputs = _decoder.Run(runOptions, feeds, DecoderOutputs);
        var ious = outputs[0].GetTensorDataAsSpan<float>();
        var masks = outputs[1].GetTensorDataAsSpan<float>();
        var shape = outputs[1].GetTensorTypeAndShape().Shape;
        var candidates = (int)shape[2];
        var height = (int)shape[3];
        var width = (int)shape[4];
        var plane = height * width;
        for (var i = 0; i < n; i++)
        {
            var boxMasks = masks.Slice(i * candidates * plane, candidates * plane);
            var boxIous = ious.Slice(i * candidates, candidates);
            var chosen = MaskChoice.Choose(boxMasks, boxIous, plane);
            predictions.Add(new MaskPrediction(boxMasks.Slice(chosen * plane, plane).ToArray(), width, height, boxIous[chosen]));
        }
    }
}
