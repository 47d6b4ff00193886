using GroundedSam.Inference.GroundingDino;

namespace GroundedSam.Inference.Tests.GroundingDino;

public sealed class PromptTests
{
    [Theory]
    [InlineData("Monitor. Keyboard", "monitor. keyboard.")]
    [InlineData("  MONITOR. keyboard.  ", "monitor. keyboard.")]
    [InlineData("monitor", "monitor.")]
    [InlineData("monitor.", "monitor.")]
    public void Parse_Text_LowerCasesTrimsAndEndsWithDot(string text, string caption)
    {
        Assert.Equal(caption, Prompt.Parse(text).Caption);
    }

    [Fact]
    public void Parse_Categories_AreTrimmedPiecesBetweenDots()
    {
        var prompt = Prompt.Parse("Monitor.  Desk Lamp . Mouse");

        Assert.Equal(["monitor", "desk lamp", "mouse", ""], prompt.Segments);
        Assert.Equal(["monitor", "desk lamp", "mouse"], prompt.Categories);
    }

    [Fact]
    public void Parse_EmptyPieces_KeptInSegmentsButNotCategories()
    {
        // Segment i lies between separator i and i+1 of the tokens, so "a..b." keeps the empty piece between the dots.
        var prompt = Prompt.Parse("a..b.");

        Assert.Equal(["a", "", "b", ""], prompt.Segments);
        Assert.Equal(["a", "b"], prompt.Categories);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Parse_EmptyOrWhiteSpace_Throws(string? text)
    {
        var ex = Assert.Throws<InvalidPromptException>(() => Prompt.Parse(text));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".")]
    [InlineData(" . . ")]
    public void Parse_OnlyDots_ThrowsNoCategory(string text)
    {
        var ex = Assert.Throws<InvalidPromptException>(() => Prompt.Parse(text));

        Assert.Contains("no category", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FiveThousandCharacters_ThrowsNamingTheLimit()
    {
        var ex = Assert.Throws<InvalidPromptException>(() => Prompt.Parse(new string('a', 5000)));

        Assert.Contains("5000 characters", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Prompt.MaxCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExactlyMaxCharacters_IsAccepted()
    {
        var prompt = Prompt.Parse(new string('a', Prompt.MaxCharacters));

        Assert.Equal(Prompt.MaxCharacters + 1, prompt.Caption.Length);
    }
}
