namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// A prompt as BERT token ids with [CLS] and [SEP], and where each category's tokens sit: the text between two
/// separators ([CLS], ".", [SEP]) is one category (spec §1.5 step 4, the <c>remove_combined</c> rule).
/// </summary>
public sealed class TokenizedPrompt
{
    internal TokenizedPrompt(Prompt prompt, long[] inputIds, string[] tokens)
    {
        Prompt = prompt;
        InputIds = inputIds;
        Tokens = tokens;
        SeparatorIndices = [.. Enumerable.Range(0, inputIds.Length).Where(i => PromptTokenizer.IsSpanSeparator(inputIds[i]))];
    }

    public Prompt Prompt { get; }

    /// <summary>Token ids, [CLS] first and [SEP] last; at most <see cref="PromptTokenizer.MaxTokens"/>.</summary>
    public long[] InputIds { get; }

    /// <summary>Each token as the vocabulary writes it (<c>[CLS]</c>, <c>monitor</c>, <c>##mat</c>), parallel to <see cref="InputIds"/>.</summary>
    public string[] Tokens { get; }

    public int Length => InputIds.Length;

    /// <summary>Ascending indices of the tokens 101, 102 and 1012.</summary>
    public int[] SeparatorIndices { get; }

    /// <summary>
    /// The category holding token <paramref name="tokenIndex"/>: the gap between the last separator before it and the
    /// first at or after it (Python's <c>bisect_left</c>). Returns false for [CLS], past [SEP], or an empty gap.
    /// </summary>
    public bool TryGetCategory(int tokenIndex, out int segmentIndex, out int spanStart, out int spanEnd)
    {
        var i = Array.BinarySearch(SeparatorIndices, tokenIndex);
        if (i < 0)
        {
            i = ~i;
        }

        segmentIndex = i - 1;
        spanStart = spanEnd = 0;
        if (i == 0 || i >= SeparatorIndices.Length || segmentIndex >= Prompt.Segments.Count)
        {
            return false;
        }

        spanStart = SeparatorIndices[i - 1] + 1;
        spanEnd = SeparatorIndices[i];
        return spanEnd > spanStart && Prompt.Segments[segmentIndex].Length > 0;
    }
}
