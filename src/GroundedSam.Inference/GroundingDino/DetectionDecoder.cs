using GroundedSam.Inference.Detections;

namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// Grounding DINO's outputs to boxes (spec §1.5): sigmoid, keep a query whose best token probability exceeds the box
/// threshold, convert cxcywh to xyxy pixels, and name it two ways. By the span rule (<c>remove_combined=True</c>) it
/// is the one category whose span holds the best token, provided a token of that span passes the text threshold,
/// labelled as written in the prompt (never a fragment such as "##mat" or a merge such as "car tire"); by the
/// reference's rule (<c>remove_combined=False</c>, the Grounded-SAM-2 demo) it is its <see cref="ReferencePhrase"/>.
/// The reported box is clipped to the image, the prompt box is not. Which naming and which box are used, and whether
/// a box without a category or wholly outside the photo is kept, is the caller's choice (<see cref="Detection.AsReference"/>).
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
            if (!(score > thresholds.Box))
            {
                continue;
            }

            var hasCategory = prompt.TryGetCategory(best, out var segment, out var start, out var end) && AnyAbove(row[start..end], thresholds.Text);
            var b = boxes.Slice(q * 4, 4);
            var decoded = Box.FromNormalizedCenter(b[0], b[1], b[2], b[3], imageWidth, imageHeight);
            // A box without a category sorts after every category and has no label of ours.
            var (category, label) = hasCategory ? (segment, prompt.Prompt.Segments[segment]) : (prompt.Prompt.Segments.Count, string.Empty);
            detections.Add(new Detection(category, label, score, decoded.ClipTo(imageWidth, imageHeight))
            {
                PromptBox = decoded,
                Phrase = ReferencePhrase.Decode(prompt, row, thresholds.Text),
                HasCategory = hasCategory,
            });
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
