namespace GroundedSam.TinyModels;

/// <summary>
/// A Grounding DINO stand-in with the inputs and outputs of onnx-community/grounding-dino-tiny-ONNX
/// (<c>pixel_values</c> f32 [B,3,H,W], <c>input_ids</c>, <c>token_type_ids</c>, <c>attention_mask</c> i64 [B,L],
/// <c>pixel_mask</c> i64 [B,H,W] → <c>logits</c> f32 [B,900,256], <c>pred_boxes</c> f32 [B,900,4]). Its first
/// queries are <see cref="Queries"/>: each answers chosen token ids (wherever they stand in the prompt) with a
/// chosen logit, and has a chosen box; every other token and query scores −10. As in the real export, positions
/// past the prompt are −inf. The image and mask inputs enter the outputs multiplied by zero, so ONNX Runtime still
/// checks that their shapes agree.
/// </summary>
public static class TinyDetector
{
    public const int NumQueries = 900;
    public const int MaxTextLength = 256;
    public const long Monitor = 8080;
    public const long Keyboard = 9019;
    public const long Mouse = 8000;
    public const long Cls = 101;
    private const float Silent = -10f;

    /// <summary>The designed queries: (logit per token id, cx, cy, w, h), boxes normalised to the photo.</summary>
    public static readonly IReadOnlyList<(Dictionary<long, float> Logits, float Cx, float Cy, float W, float H)> Queries =
    [
        (new() { [Monitor] = 3.0f }, 0.25f, 0.35f, 0.30f, 0.30f),                // monitor-1 (0.95)
        (new() { [Monitor] = 1.5f }, 0.70f, 0.35f, 0.25f, 0.30f),                // monitor-2 (0.82)
        (new() { [Monitor] = 0.8f }, 0.25f, 0.35f, 0.20f, 0.20f),                // inside monitor-1: a part, merged into it
        (new() { [Keyboard] = 2.0f }, 0.45f, 0.75f, 0.50f, 0.15f),               // keyboard-1 (0.88)
        (new() { [Mouse] = 1.0f }, 0.85f, 0.80f, 0.08f, 0.08f),                  // mouse-2 (0.73)
        (new() { [Mouse] = -1.0f }, 0.10f, 0.90f, 0.05f, 0.05f),                 // 0.27: below the box threshold
        (new() { [Keyboard] = 2.0f, [Mouse] = 2.5f }, 0.95f, 0.95f, 0.20f, 0.20f), // two categories pass: mouse wins; crosses the border
        (new() { [Cls] = 4.0f }, 0.50f, 0.50f, 0.10f, 0.10f),                    // best token is [CLS]: no category
    ];

    public static byte[] Build()
    {
        var g = new OnnxGraph("tiny-grounding-dino");
        g.Input("pixel_values", ElementType.Float, "batch_size", 3, "height", "width");
        g.Input("input_ids", ElementType.Int64, "batch_size", "sequence_length");
        g.Input("token_type_ids", ElementType.Int64, "batch_size", "sequence_length");
        g.Input("attention_mask", ElementType.Int64, "batch_size", "sequence_length");
        g.Input("pixel_mask", ElementType.Int64, "batch_size", "height", "width");
        g.Output("logits", ElementType.Float, "batch_size", NumQueries, MaxTextLength);
        g.Output("pred_boxes", ElementType.Float, "batch_size", NumQueries, 4);

        var words = Queries.SelectMany(q => q.Logits.Keys).Distinct().Order().ToArray();
        var designed = Queries.Count;
        var answers = new float[designed * words.Length];
        var boxes = new float[designed * 4];
        Array.Fill(answers, Silent);
        for (var q = 0; q < designed; q++)
        {
            var (tokenLogits, cx, cy, w, h) = Queries[q];
            foreach (var (id, value) in tokenLogits)
            {
                answers[(q * words.Length) + Array.IndexOf(words, id)] = value;
            }

            boxes[(q * 4) + 0] = cx;
            boxes[(q * 4) + 1] = cy;
            boxes[(q * 4) + 2] = w;
            boxes[(q * 4) + 3] = h;
        }

        // hits[t, v] = input_ids[0, t] == words[v]; logits[q, t] = answers[q, v] at the hit, −10 without one.
        var ids = g.Node("Unsqueeze", [g.Node("Squeeze", ["input_ids", g.Longs([0], 1)]), g.Longs([1], 1)]);       // [L,1]
        var hits = g.Node("Unsqueeze", [g.Node("Equal", [ids, g.Longs(words, words.Length)]), g.Longs([0], 1)]); // [1,L,V]
        var perToken = g.Node("Where", [hits, g.Floats(answers, designed, 1, words.Length), g.Scalar(Silent)]);      // [Q,L,V]
        var designedLogits = g.Node("ReduceMax", [perToken], ("axes", new long[] { 2 }), ("keepdims", 0L));           // [Q,L]

        // Pad the text axis to 256 with −inf, as the real export's contrastive head does.
        var length = g.Node("Gather", [g.Node("Shape", ["input_ids"]), g.Longs([1], 1)], ("axis", 0L));
        var padShape = g.Node("Concat", [g.Longs([designed], 1), g.Node("Sub", [g.Longs([MaxTextLength], 1), length])], ("axis", 0L));
        var padded = g.Node("Concat", [designedLogits, g.Node("Expand", [g.Scalar(float.NegativeInfinity), padShape])], ("axis", 1L));
        var silentQueries = g.Node("Expand", [g.Scalar(Silent), g.Longs([NumQueries - designed, MaxTextLength], 2)]);
        var silentFromL = g.Node("Where", [g.Node("Less", [g.Node("Range", [g.Longs([0]), g.Longs([MaxTextLength]), g.Longs([1])]),
            g.Node("Squeeze", [length, g.Longs([0], 1)])]), silentQueries, g.Scalar(float.NegativeInfinity)]);
        var allLogits = g.Node("Unsqueeze", [g.Node("Concat", [padded, silentFromL], ("axis", 0L)), g.Longs([0], 1)]);
        var restBoxes = g.Node("Expand", [g.Scalar(0.5f), g.Longs([1, NumQueries - designed, 4], 3)]);
        var allBoxes = g.Node("Concat", [g.Floats(boxes, 1, designed, 4), restBoxes], ("axis", 1L));

        // Zero times the inputs: pixel_values and pixel_mask must share H and W, the three text inputs share L.
        var image = g.Node("Mul", [g.Node("ReduceMean", ["pixel_values"], ("axes", new long[] { 1 }), ("keepdims", 0L)),
            g.Node("Cast", ["pixel_mask"], ("to", (long)ElementType.Float))]);
        var text = g.Node("Cast", [g.Node("Add", ["input_ids", g.Node("Mul", ["token_type_ids", "attention_mask"])])],
            ("to", (long)ElementType.Float));
        var zero = g.Node("Mul", [g.Node("Add", [g.Node("ReduceSum", [image], ("keepdims", 0L)), g.Node("ReduceSum", [text], ("keepdims", 0L))]),
            g.Scalar(0f)]);

        g.NodeTo("Add", [allLogits, zero], "logits");
        g.NodeTo("Add", [allBoxes, zero], "pred_boxes");
        return g.ToModel();
    }
}
