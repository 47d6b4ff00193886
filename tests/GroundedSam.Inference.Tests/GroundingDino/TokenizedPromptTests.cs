using GroundedSam.Inference.Tests.TestSupport;

namespace GroundedSam.Inference.Tests.GroundingDino;

public sealed class TokenizedPromptTests
{
    // [CLS] monitor . keyboard . mouse . [SEP]
    //   0      1    2     3     4   5   6   7
    private const string DeskPrompt = "monitor. keyboard. mouse.";

    [Theory]
    [InlineData(1, 0, 1, 2)]
    [InlineData(2, 0, 1, 2)]
    [InlineData(3, 1, 3, 4)]
    [InlineData(4, 1, 3, 4)]
    [InlineData(5, 2, 5, 6)]
    [InlineData(6, 2, 5, 6)]
    public void TryGetCategory_WordOrClosingDot_GivesItsSegmentAndSpan(int token, int segment, int start, int end)
    {
        var tokens = TinyTokenizer.Tokenize(DeskPrompt);

        Assert.True(tokens.TryGetCategory(token, out var s, out var a, out var b));
        Assert.Equal((segment, start, end), (s, a, b));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(255)]
    public void TryGetCategory_ClsSepOrPastPrompt_IsFalse(int token)
    {
        var tokens = TinyTokenizer.Tokenize(DeskPrompt);

        Assert.False(tokens.TryGetCategory(token, out _, out _, out _));
    }

    [Fact]
    public void TryGetCategory_MultiPieceWord_SpansAllItsPieces()
    {
        // [CLS] desk . desk ##mat . [SEP]: "deskmat" is tokens 3 and 4, segment 1.
        var tokens = TinyTokenizer.Tokenize("desk. deskmat.");

        Assert.True(tokens.TryGetCategory(4, out var segment, out var start, out var end));
        Assert.Equal((1, 3, 5), (segment, start, end));
        Assert.Equal("deskmat", tokens.Prompt.Segments[segment]);
    }

    [Fact]
    public void TryGetCategory_DotOfEmptyPiece_IsFalse()
    {
        // "a..b." is [CLS] a . . b . [SEP]: the second dot (token 3) closes an empty piece.
        var tokens = TinyTokenizer.Tokenize("a..b.");

        Assert.False(tokens.TryGetCategory(3, out _, out _, out _));
        Assert.True(tokens.TryGetCategory(4, out var segment, out _, out _));
        Assert.Equal("b", tokens.Prompt.Segments[segment]);
    }
}
