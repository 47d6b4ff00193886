using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Tests.TestSupport;

namespace GroundedSam.Inference.Tests.GroundingDino;

public sealed class PromptTokenizerTests
{
    // Expected ids: Hugging Face's BertTokenizerFast for bert-base-uncased (the tokenizer Grounding DINO was trained
    // with) on the same captions, as listed in the project's data README.
    [Theory]
    [InlineData("monitor. keyboard. mouse.", new long[] { 101, 8080, 1012, 9019, 1012, 8000, 1012, 102 })]
    [InlineData("desk. deskmat. laptop. speaker.", new long[] { 101, 4624, 1012, 4624, 18900, 1012, 12191, 1012, 5882, 1012, 102 })]
    [InlineData("Café Monitor.", new long[] { 101, 7668, 8080, 1012, 102 })]
    [InlineData("desktop_monitor.", new long[] { 101, 15363, 1035, 8080, 1012, 102 })]
    [InlineData("a~b. x@y. [tv].", new long[] { 101, 1037, 1066, 1038, 1012, 1060, 1030, 1061, 1012, 1031, 2694, 1033, 1012, 102 })]
    public void Tokenize_Prompt_MatchesHuggingFaceBertUncased(string prompt, long[] expected)
    {
        var tokens = TinyTokenizer.Tokenize(prompt);

        Assert.Equal(expected, tokens.InputIds);
        Assert.Equal(expected.Length, tokens.Length);
    }

    [Fact]
    public void Tokenize_MissingFinalDot_GetsTheDotTokenBeforeSep()
    {
        // "Monitor" is parsed to the caption "monitor.", so the ids end ". [SEP]" like a prompt written with the dot.
        var tokens = TinyTokenizer.Tokenize("Monitor");

        Assert.Equal([101, 8080, 1012, 102], tokens.InputIds);
    }

    [Fact]
    public void Tokenize_SeparatorIndices_AreClsDotsAndSep()
    {
        var tokens = TinyTokenizer.Tokenize("monitor. keyboard. mouse.");

        Assert.Equal([0, 2, 4, 6, 7], tokens.SeparatorIndices);
    }

    [Fact]
    public void Tokenize_ThreeHundredCategories_ThrowsNamingTheTokenLimit()
    {
        // "a. " × 300 is 900 characters (under Prompt.MaxCharacters) but [CLS] + 300 × ("a", ".") + [SEP] = 602 tokens.
        var text = string.Concat(Enumerable.Repeat("a. ", 300));
        var prompt = Prompt.Parse(text);

        var ex = Assert.Throws<InvalidPromptException>(() => TinyTokenizer.Instance.Tokenize(prompt));

        Assert.Contains("602 tokens", ex.Message, StringComparison.Ordinal);
        Assert.Contains("256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenize_ExactlyMaxTokens_IsAccepted()
    {
        // 127 one-word categories: 1 + 127 × 2 + 1 = 256 tokens, the limit itself; one more category is 258.
        var tokens = TinyTokenizer.Tokenize(string.Concat(Enumerable.Repeat("a. ", 127)));
        Assert.Equal(PromptTokenizer.MaxTokens, tokens.Length);

        Assert.Throws<InvalidPromptException>(() => TinyTokenizer.Tokenize(string.Concat(Enumerable.Repeat("a. ", 128))));
    }

    [Fact]
    public void FromVocabulary_MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(Repository.TinyModels, "no-such-folder", "vocab.txt");

        var ex = Assert.Throws<FileNotFoundException>(() => PromptTokenizer.FromVocabulary(path));

        Assert.Equal(path, ex.FileName);
    }

    [Theory]
    [InlineData(101L, true, true)]
    [InlineData(102L, true, true)]
    [InlineData(1012L, true, true)]
    [InlineData(1029L, true, false)]
    [InlineData(8080L, false, false)]
    public void IsMaskSpecialAndIsSpanSeparator_SpecialIds_OnlyQuestionMarkDiffers(long id, bool maskSpecial, bool spanSeparator)
    {
        Assert.Equal(maskSpecial, PromptTokenizer.IsMaskSpecial(id));
        Assert.Equal(spanSeparator, PromptTokenizer.IsSpanSeparator(id));
    }
}
