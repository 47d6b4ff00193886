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

    public static byte[] BuildEncoder()
    {
        var g = new OnnxGraph("tiny-sam2-vision-encoder");
        g.Input("pixel_values", ElementType.Float, "batch_size", 3, Size, Size);
        g.Output("image_embeddings.0", ElementType.Float, "batch_size", 32, 256, 256);
        g.Output("image_embeddings.1", ElementType.Float, "batch_size", 64, 128, 128);
        g.Output("image_embeddings.2", ElementType.Float, "batch_size", 256, 64, 64);

        var gray = g.Node("ReduceMean", ["pixel_values"], ("axes", new long[] { 1 }), ("keepdims", 1L));
        string Level(int stride, int channels, int side) => g.Node("Expand", [
            g.Node("AveragePool", [gray], ("kernel_shape", new long[] { stride, stride }), ("strides", new long[] { stride, stride })),
            g.Longs([1, channels, side, side], 4)]);
        g.NodeTo("Identity", [Level(4, 32, 256)], "image_embeddings.0");
        g.NodeTo("Identity", [Level(8, 64, 128)], "image_embeddings.1");
        g.NodeTo("Identity", [Level(16, 256, 64)], "image_embeddings.2");
        return g.ToModel();
    }

    public static byte[] BuildDecoder()
    {
        var g = new OnnxGraph("tiny-sam2-prompt-encoder-mask-decoder");
        g.Input("input_points", ElementType.Float, "batch_size", "point_batch_size", "num_points", 2);
        g.Input("input_labels", ElementType.Int64, "batch_size", "point_batch_size", "num_points");
        g.Input("input_boxes", ElementType.Float, "batch_size", "num_boxes", 4);
        g.Input("image_embeddings.0", ElementType.Float, "batch_size", 32, 256, 256);
        g.Input("image_embeddings.1", ElementType.Float, "batch_size", 64, 128, 128);
        g.Input("image_embeddings.2", ElementType.Float, "batch_size", 256, 64, 64);
        g.Output("iou_scores", ElementType.Float, "batch_size", "num_boxes", 3);
        g.Output("pred_masks", ElementType.Float, "batch_size", "num_boxes", 3, LowRes, LowRes);
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
        g.NodeTo("Concat", [g.Node("Unsqueeze", [empty, axis2]), g.Node("Unsqueeze", [boxMask, axis2]), g.Node("Unsqueeze", [full, axis2])],
            "pred_masks", ("axis", 2L));

        // [B,M] from the boxes' shape, then one row of scores per box.
        var batchAndBoxes = g.Node("Slice", [g.Node("Shape", ["input_boxes"]), g.Longs([0], 1), g.Longs([2], 1)]);
        var perBox = g.Node("Concat", [batchAndBoxes, g.Longs([1], 1)], ("axis", 0L));
        var pointCount = g.Node("Slice", [g.Node("Shape", ["input_points"]), g.Longs([2], 1), g.Longs([3], 1)]);
        var hasPoints = g.Node("Greater", [pointCount, g.Longs([0], 1)]);
        var scores = g.Node("Where", [hasPoints, g.Floats(PointPromptIouScores, 1, 1, 3), g.Floats(IouScores, 1, 1, 3)]);
        g.NodeTo("Expand", [scores, g.Node("Concat", [batchAndBoxes, g.Longs([3], 1)], ("axis", 0L))], "iou_scores");
        g.NodeTo("Expand", [g.Scalar(5f), perBox], "object_score_logits");
        return g.ToModel();
    }
}
