namespace GroundedSam.TinyModels;

/// <summary>
/// SAM 2 stand-ins with the inputs and outputs of onnx-community/sam2.1-hiera-tiny-ONNX. The encoder turns
/// <c>pixel_values</c> f32 [B,3,1024,1024] into <c>image_embeddings.0/.1/.2</c> ([B,32,256,256], [B,64,128,128],
/// [B,256,64,64]) by average pooling. The decoder takes <c>input_points</c> f32 [B,P,N,2], <c>input_labels</c> i64
/// [B,P,N], <c>input_boxes</c> f32 [B,M,4] (1024 frame) and the embeddings, and returns three candidate masks per
/// box as 256×256 logits: candidate 0 empty, candidate 1 exactly the box (+10 at grid cells whose centre
/// (i + 0.5)·4 lies in the box, −10 elsewhere), candidate 2 the whole frame, with <c>iou_scores</c> 0.60, 0.95,
/// 0.30: whoever picks the best-IoU candidate gets the box. A prompt with points beside its box (a point axis longer
/// than 0, as a caller that pads box prompts with its own not-a-point sends) gets <c>iou_scores</c> 0.60, 0.10, 0.30
/// instead, so its best candidate is the empty mask: feeding the reference's box-only prompt is visible in the masks.
/// </summary>
public static class TinySegmenter
{
    public const int Size = 1024;
    public const int LowRes = 256;
    public static readonly float[] IouScores = [0.60f, 0.95f, 0.30f];

    /// <summary>The scores when the prompt carries points beside its box: the empty candidate wins.</summary>
    public static readonly float[] PointPromptIouScores = [0.60f, 0.10f, 0.30f];

    /// <summary>The scores of the four-candidate decoder: token 0 (stable, the box) scores lowest, the empty mask best.</summary>
    public static readonly float[] FourCandidateIouScores = [0.20f, 0.95f, 0.10f, 0.30f];

    /// <summary>The Hugging Face encoder, or with <paramref name="onnxRuntime"/> ONNX Runtime's (<c>image</c> → <c>image_features_0/1</c>, <c>image_embeddings</c>).</summary>
    public static byte[] BuildEncoder(bool onnxRuntime = false)
    {
        var g = new OnnxGraph(onnxRuntime ? "tiny-sam2-image-encoder-onnxruntime" : "tiny-sam2-vision-encoder");
        var input = onnxRuntime ? "image" : "pixel_values";
        string[] outputs = onnxRuntime ? ["image_features_0", "image_features_1", "image_embeddings"] : ["image_embeddings.0", "image_embeddings.1", "image_embeddings.2"];
        g.Input(input, ElementType.Float, "batch_size", 3, Size, Size);
        g.Output(outputs[0], ElementType.Float, "batch_size", 32, 256, 256);
        g.Output(outputs[1], ElementType.Float, "batch_size", 64, 128, 128);
        g.Output(outputs[2], ElementType.Float, "batch_size", 256, 64, 64);

        var gray = g.Node("ReduceMean", [input], ("axes", new long[] { 1 }), ("keepdims", 1L));
        string Level(int stride, int channels, int side) => g.Node("Expand", [
            g.Node("AveragePool", [gray], ("kernel_shape", new long[] { stride, stride }), ("strides", new long[] { stride, stride })),
            g.Longs([1, channels, side, side], 4)]);
        g.NodeTo("Identity", [Level(4, 32, 256)], outputs[0]);
        g.NodeTo("Identity", [Level(8, 64, 128)], outputs[1]);
        g.NodeTo("Identity", [Level(16, 256, 64)], outputs[2]);
        return g.ToModel();
    }

    /// <summary>
    /// The Hugging Face decoder with three candidates (above) or, with <paramref name="candidates"/> 4, with the
    /// single-mask token first as some exports return it: token 0 the box (logits ±10, so its stability is 1), then
    /// empty, box, full, scored <see cref="FourCandidateIouScores"/>. The reference rule keeps token 0, the box;
    /// the best predicted IoU would be the empty mask. Fewer than three keeps the first candidates (for contract tests).
    /// </summary>
    public static byte[] BuildDecoder(int candidates = 3)
    {
        var g = new OnnxGraph(candidates == 4 ? "tiny-sam2-prompt-encoder-mask-decoder-four-candidates" : "tiny-sam2-prompt-encoder-mask-decoder");
        g.Input("input_points", ElementType.Float, "batch_size", "point_batch_size", "num_points", 2);
        g.Input("input_labels", ElementType.Int64, "batch_size", "point_batch_size", "num_points");
        g.Input("input_boxes", ElementType.Float, "batch_size", "num_boxes", 4);
        g.Input("image_embeddings.0", ElementType.Float, "batch_size", 32, 256, 256);
        g.Input("image_embeddings.1", ElementType.Float, "batch_size", 64, 128, 128);
        g.Input("image_embeddings.2", ElementType.Float, "batch_size", 256, 64, 64);
        g.Output("iou_scores", ElementType.Float, "batch_size", "num_boxes", candidates);
        g.Output("pred_masks", ElementType.Float, "batch_size", "num_boxes", candidates, LowRes, LowRes);
        g.Output("object_score_logits", ElementType.Float, "batch_size", "num_boxes", 1);

        var centres = new float[LowRes];
        for (var i = 0; i < LowRes; i++)
        {
            centres[i] = (i + 0.5f) * Size / LowRes;
        }

        var grid = g.Floats(centres, LowRes);
        string Coordinate(int index) => g.Node("Slice", ["input_boxes", g.Longs([index], 1), g.Longs([index + 1], 1), g.Longs([2], 1)]);
        string Between(string lo, string hi) => g.Node("And", [g.Node("GreaterOrEqual", [grid, lo]), g.Node("LessOrEqual", [grid, hi])]);
        var insideX = g.Node("Unsqueeze", [Between(Coordinate(0), Coordinate(2)), g.Longs([2], 1)]); // [B,M,1,256]
        var insideY = g.Node("Unsqueeze", [Between(Coordinate(1), Coordinate(3)), g.Longs([3], 1)]); // [B,M,256,1]
        var box = g.Node("Where", [g.Node("And", [insideY, insideX]), g.Scalar(10f), g.Scalar(-10f)]); // [B,M,256,256]

        // Zero times the prompt points and the embeddings: their ranks and batch sizes still have to agree.
        var points = g.Node("ReduceSum", ["input_points"], ("keepdims", 0L));
        var labels = g.Node("ReduceSum", [g.Node("Cast", ["input_labels"], ("to", (long)ElementType.Float))], ("keepdims", 0L));
        var features = g.Node("Add", [g.Node("Add", [
            g.Node("ReduceMean", ["image_embeddings.0"], ("keepdims", 0L)),
            g.Node("ReduceMean", ["image_embeddings.1"], ("keepdims", 0L))]),
            g.Node("ReduceMean", ["image_embeddings.2"], ("keepdims", 0L))]);
        var zero = g.Node("Mul", [g.Node("Add", [g.Node("Add", [points, labels]), features]), g.Scalar(0f)]);
        var boxMask = g.Node("Add", [box, zero]);

        var empty = g.Node("Sub", [g.Node("Mul", [boxMask, g.Scalar(0f)]), g.Scalar(10f)]);
        var full = g.Node("Add", [g.Node("Mul", [boxMask, g.Scalar(0f)]), g.Scalar(10f)]);
        var axis2 = g.Longs([2], 1);
        string[] planes = candidates == 4 ? [boxMask, empty, boxMask, full] : [.. new[] { empty, boxMask, full }.Take(candidates)];
        g.NodeTo("Concat", [.. planes.Select(p => g.Node("Unsqueeze", [p, axis2]))], "pred_masks", ("axis", 2L));

        // [B,M] from the boxes' shape, then one row of scores per box.
        var batchAndBoxes = g.Node("Slice", [g.Node("Shape", ["input_boxes"]), g.Longs([0], 1), g.Longs([2], 1)]);
        var perBox = g.Node("Concat", [batchAndBoxes, g.Longs([1], 1)], ("axis", 0L));
        var pointCount = g.Node("Slice", [g.Node("Shape", ["input_points"]), g.Longs([2], 1), g.Longs([3], 1)]);
        var hasPoints = g.Node("Greater", [pointCount, g.Longs([0], 1)]);
        var scores = candidates == 4
            ? g.Floats(FourCandidateIouScores, 1, 1, 4)
            : g.Node("Where", [hasPoints, g.Floats(PointPromptIouScores[..candidates], 1, 1, candidates), g.Floats(IouScores[..candidates], 1, 1, candidates)]);
        g.NodeTo("Expand", [scores, g.Node("Concat", [batchAndBoxes, g.Longs([candidates], 1)], ("axis", 0L))], "iou_scores");
        g.NodeTo("Expand", [g.Scalar(5f), perBox], "object_score_logits");
        return g.ToModel();
    }

    /// <summary>
    /// ONNX Runtime's decoder as its tool exports it by default (single mask, M = 1: the stability rule applied in the
    /// graph). Inputs <c>image_features_0/1</c>, <c>image_embeddings</c>, <c>point_coords</c> f32 [L,P,2],
    /// <c>point_labels</c> i32 [L,P], <c>input_masks</c> [L,1,256,256], <c>has_input_masks</c> [L],
    /// <c>original_image_size</c> i32 [2]; outputs <c>iou_predictions</c> [L,1] (0.90) and <c>low_res_masks</c>
    /// [L,1,256,256]: the box spanned by the first two points, provided they are labelled 2 and 3 (a box's corners),
    /// else empty. The full-size <c>masks</c> output of the real export is left out: nothing reads it.
    /// </summary>
    public static byte[] BuildOnnxRuntimeDecoder()
    {
        var g = new OnnxGraph("tiny-sam2-image-decoder-onnxruntime");
        g.Input("image_features_0", ElementType.Float, 1, 32, 256, 256);
        g.Input("image_features_1", ElementType.Float, 1, 64, 128, 128);
        g.Input("image_embeddings", ElementType.Float, 1, 256, 64, 64);
        g.Input("point_coords", ElementType.Float, "num_labels", "num_points", 2);
        g.Input("point_labels", ElementType.Int32, "num_labels", "num_points");
        g.Input("input_masks", ElementType.Float, "num_labels", 1, LowRes, LowRes);
        g.Input("has_input_masks", ElementType.Float, "num_labels");
        g.Input("original_image_size", ElementType.Int32, 2);
        g.Output("iou_predictions", ElementType.Float, "num_labels", 1);
        g.Output("low_res_masks", ElementType.Float, "num_labels", 1, LowRes, LowRes);

        var centres = new float[LowRes];
        for (var i = 0; i < LowRes; i++)
        {
            centres[i] = (i + 0.5f) * Size / LowRes;
        }

        var columns = g.Floats(centres, LowRes);
        var rows = g.Floats(centres, LowRes, 1);
        // point_coords[:, point, axis] as [L,1,1].
        string Coordinate(int point, int axis) => g.Node("Slice", [
            g.Node("Slice", ["point_coords", g.Longs([point], 1), g.Longs([point + 1], 1), g.Longs([1], 1)]),
            g.Longs([axis], 1), g.Longs([axis + 1], 1), g.Longs([2], 1)]);
        string Between(string grid, string lo, string hi) => g.Node("And", [g.Node("GreaterOrEqual", [grid, lo]), g.Node("LessOrEqual", [grid, hi])]);
        var inside = g.Node("And", [Between(rows, Coordinate(0, 1), Coordinate(1, 1)), Between(columns, Coordinate(0, 0), Coordinate(1, 0))]); // [L,256,256]

        // The first two labels must be 2 and 3: [L,1,1].
        var labels = g.Node("Cast", ["point_labels"], ("to", (long)ElementType.Float));
        string Label(int point) => g.Node("Unsqueeze", [g.Node("Slice", [labels, g.Longs([point], 1), g.Longs([point + 1], 1), g.Longs([1], 1)]), g.Longs([2], 1)]);
        var corners = g.Node("And", [g.Node("Equal", [Label(0), g.Scalar(2f)]), g.Node("Equal", [Label(1), g.Scalar(3f)])]);
        var box = g.Node("Where", [g.Node("And", [inside, corners]), g.Scalar(10f), g.Scalar(-10f)]);

        // Zero times everything else: shapes and batch sizes still have to agree.
        var features = g.Node("Add", [g.Node("Add", [
            g.Node("ReduceMean", ["image_features_0"], ("keepdims", 0L)),
            g.Node("ReduceMean", ["image_features_1"], ("keepdims", 0L))]),
            g.Node("ReduceMean", ["image_embeddings"], ("keepdims", 0L))]);
        var prior = g.Node("Add", [
            g.Node("ReduceSum", [g.Node("Mul", ["input_masks", g.Node("Reshape", ["has_input_masks", g.Longs([-1, 1, 1, 1], 4)])])], ("keepdims", 0L)),
            g.Node("ReduceSum", [g.Node("Cast", ["original_image_size"], ("to", (long)ElementType.Float))], ("keepdims", 0L))]);
        var zero = g.Node("Mul", [g.Node("Add", [features, prior]), g.Scalar(0f)]);
        g.NodeTo("Unsqueeze", [g.Node("Add", [box, zero]), g.Longs([1], 1)], "low_res_masks");

        var perLabel = g.Node("Concat", [g.Node("Slice", [g.Node("Shape", ["point_coords"]), g.Longs([0], 1), g.Longs([1], 1)]), g.Longs([1], 1)], ("axis", 0L));
        g.NodeTo("Expand", [g.Scalar(0.90f), perLabel], "iou_predictions");
        return g.ToModel();
    }
}
