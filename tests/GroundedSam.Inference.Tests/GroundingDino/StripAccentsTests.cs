using GroundedSam.Inference.Text;
using GroundedSam.Inference.Tests.TestSupport;

namespace GroundedSam.Inference.Tests.GroundingDino;

/// <summary>
/// Expected strings are Python's <c>"".join(c for c in unicodedata.normalize("NFD", s) if category(c) != "Mn")</c>,
/// the strip_accents of Hugging Face's BERT normaliser. The build runs with InvariantGlobalization, where
/// string.Normalize is a no-op, so these would fail on a Normalize-based implementation.
/// </summary>
public sealed class StripAccentsTests
{
    [Theory]
    [InlineData("café", "cafe")]
    [InlineData("Crème Brûlée", "Creme Brulee")]
    [InlineData("jalapeño ÜBER façade", "jalapeno UBER facade")]
    [InlineData("cafe\u0301", "cafe")] // already decomposed: the combining acute is dropped
    [InlineData("\u0439\u0451", "\u0438\u0435")] // Cyrillic й ё → и е
    [InlineData("\u212B", "A")] // ANGSTROM SIGN → A + ring → A
    [InlineData("\uF900", "\u8C48")] // CJK compatibility ideograph → its unified ideograph
    [InlineData("\uD55C", "\u1112\u1161\u11AB")] // Hangul 한 → leading ᄒ, vowel ᅡ, trailing ᆫ (arithmetic decomposition)
    [InlineData("\uAC00", "\u1100\u1161")] // Hangul 가 has no trailing consonant
    [InlineData("monitor ½ ß", "monitor ½ ß")] // compatibility-only decompositions are not NFD: unchanged
    public void Apply_Text_MatchesNfdWithoutNonSpacingMarks(string text, string expected)
    {
        Assert.Equal(expected, StripAccents.Apply(text));
    }

    [Fact]
    public void Tokenize_AccentedPrompt_GivesTheIdsOfItsUnaccentedForm()
    {
        Assert.Equal(
            TinyTokenizer.Tokenize("creme brulee. jalapeno.").InputIds,
            TinyTokenizer.Tokenize("Crème Brûlée. Jalapeño.").InputIds);
    }
}
