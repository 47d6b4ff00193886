using System.Globalization;
using System.Text;
using GroundedSam.Inference.Text;

namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// The text normalisation and word splitting of Hugging Face's <c>BertTokenizerFast</c> for bert-base-uncased
/// (BertNormalizer + BertPreTokenizer), which Grounding DINO was trained with: drop control characters, map every
/// white space to a space, space out CJK ideographs, strip accents (NFD, drop non-spacing marks; see
/// <see cref="StripAccents"/>), lower-case, split on white space, and make every punctuation or ASCII symbol
/// character a word of its own. The WordPiece step itself is Microsoft.ML.Tokenizers'; its own BERT pre-tokenizer
/// differs on <c>_</c>, <c>~</c> and accents (see <c>tests/.../Data/README.md</c>).
/// </summary>
internal static class BertPreTokenizer
{
    public static List<string> Split(string text)
    {
        var normalized = Normalize(text);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                Flush();
            }
            else if (IsPunctuation(rune))
            {
                Flush();
                words.Add(rune.ToString());
            }
            else
            {
                word.Append(rune.ToString());
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
    }

    private static string Normalize(string text)
    {
        var cleaned = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0 || rune.Value == 0xFFFD || IsControl(rune))
            {
                continue;
            }

            if (IsWhiteSpace(rune))
            {
                cleaned.Append(' ');
            }
            else if (IsCjk(rune.Value))
            {
                cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            }
            else
            {
                cleaned.Append(rune.ToString());
            }
        }

        return StripAccents.Apply(cleaned.ToString()).ToLowerInvariant();
    }

    private static bool IsWhiteSpace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune rune)
    {
        if (rune.Value is '\t' or '\n' or '\r')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
    }

    // BERT treats every non-alphanumeric ASCII character as punctuation, "^", "$" and "`" included, plus Unicode P*.
    private static bool IsPunctuation(Rune rune)
    {
        var cp = rune.Value;
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126)
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    private static bool IsCjk(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
            or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
