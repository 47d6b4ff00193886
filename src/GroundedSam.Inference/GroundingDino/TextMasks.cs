namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// The position ids and the L×L block self-attention mask that the six-input Grounding DINO exports expect from the
/// caller (spec §1.3, <c>generate_masks_with_special_tokens_and_transfer_map</c>): each phrase attends to itself and
/// its closing "."; positions restart at 0 after every special token.
/// </summary>
public static class TextMasks
{
    public static (long[] PositionIds, bool[] SelfAttention) Build(ReadOnlySpan<long> inputIds)
    {
        var length = inputIds.Length;
        var positions = new long[length];
        var attention = new bool[length * length];
        for (var i = 0; i < length; i++)
        {
            attention[(i * length) + i] = true;
        }

        var previous = 0;
        for (var col = 0; col < length; col++)
        {
            if (!PromptTokenizer.IsMaskSpecial(inputIds[col]))
            {
                continue;
            }

            if (col != 0 && col != length - 1)
            {
                for (var row = previous + 1; row <= col; row++)
                {
                    for (var c = previous + 1; c <= col; c++)
                    {
                        attention[(row * length) + c] = true;
                    }

                    positions[row] = row - previous - 1;
                }
            }

            previous = col;
        }

        return (positions, attention);
    }
}
