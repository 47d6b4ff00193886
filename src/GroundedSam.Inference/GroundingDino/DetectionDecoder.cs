using GroundedSam.Inference.Detections;

namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// Grounding DINO's outputs to labelled boxes (spec §1.5 with <c>remove_combined=True</c>): sigmoid, keep a query
/// whose best token probability exceeds the box threshold, give it the one category whose span holds that best
/// token, provided a token of that span passes the text threshold, and convert cxcywh to xyxy pixels. Two
/// deliberate departures, both documented: the label is the category as written in the prompt (never a fragment
/// such as "##mat" or a merge such as "car tire"), and the reported boxes are clipped to the image (the prompt boxes are not).
/// </summary>
public static class DetectionDecoder
{
    /// <param name="logits">[queries, tokenStride] raw logits; positions past the prompt are ignored.</param>
    /// <param name="boxes">[queries, 4] normalised cx, cy, w, h.</param>
    public static List<Detection> Decode(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> boxes,
        int queries,
        int tokenStride,
        TokenizedPrompt prompt,
        DetectionThresholds thresholds,
        int imageWidth,
        int imageHeight)
    {
        var detections = new List<Detection>();
        var tokens = Math.Min(prompt.Length, tokenStride);
        for (var q = 0; q < queries; q++)
        {
            var row = logits.Slice(q * tokenStride, tokens);
            var best = 0;
            for (var t = 1; t < row.Length; t++)
            {
                if (row[t] > row[best])
                {
                    best = t;
                }
            }

            var score = Sigmoid(row[best]);
            if (!(score > thresholds.Box) || !prompt.TryGetCategory(best, out var segment, out var start, out var end))
            {
                continue;
            }

            if (!AnyAbove(row[start..end], thresholds.Text))
            {
                continue;
            }

            var b = boxes.Slice(q * 4, 4);
            var decoded = Box.FromNormalizedCenter(b[0], b[1], b[2], b[3], imageWidth, imageHeight);
            var box = decoded.ClipTo(imageWidth, imageHeight);
            if (box.Area > 0)
            {
                detections.Add(new Detection(segment, prompt.Prompt.Segments[segment], score, box) { PromptBox = decoded });
            }
        }

        return detections;
    }

    internal static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    private static bool AnyAbove(ReadOnlySpan<float> logits, float probability)
    {
        foreach (var logit in logits)
        {
            if (Sigmoid(logit) > probability)
            {
                return true;
            }
        }

        return false;
    }
}
