using System.Text;

namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// The label the reference gives a box (spec §1.5 step 3, <c>remove_combined=False</c>, the Grounded-SAM-2 local
/// demo): every token above the text threshold except [CLS] and positions from 255 on
/// (<c>get_phrases_from_posmap</c>), decoded as Hugging Face's BERT tokenizer decodes ids (words joined by spaces,
/// <c>##</c> pieces glued to the word before, special tokens kept as written, spaces before punctuation removed),
/// then every "." deleted. Two categories passing the threshold give a merged label ("keyboard mouse"); none gives "".
/// </summary>
public static class ReferencePhrase
{
    /// <summary>Positions from this one on are cleared (<c>right_idx=255</c>).</summary>
    public const int RightIndex = 255;

    // transformers' clean_up_tokenization, in its order (the WordPiece decoder's own cleanup is a subset of it).
    private static readonly (string From, string To)[] Cleanup =
    [
        (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"),
        (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
    ];

    /// <param name="prompt">The tokenized prompt.</param>
    /// <param name="row">The query's raw logits over the prompt's tokens.</param>
    /// <param name="textThreshold">A token joins the phrase when its probability exceeds this.</param>
    public static string Decode(TokenizedPrompt prompt, ReadOnlySpan<float> row, float textThreshold)
    {
        var text = new StringBuilder();
        var end = Math.Min(Math.Min(row.Length, prompt.Length), RightIndex);
        for (var t = 1; t < end; t++)
        {
            if (!(DetectionDecoder.Sigmoid(row[t]) > textThreshold))
            {
                continue;
            }

            var token = prompt.Tokens[t];
            if (text.Length == 0)
            {
                text.Append(token);
            }
            else if (token.StartsWith("##", StringComparison.Ordinal))
            {
                text.Append(token, 2, token.Length - 2);
            }
            else
            {
                text.Append(' ').Append(token);
            }
        }

        foreach (var (from, to) in Cleanup)
        {
            text.Replace(from, to);
        }

        return text.Replace(".", string.Empty).ToString();
    }
}
