namespace GroundedSam.Cli.Tests.Folders;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("desk.jpg", "desk.jpg")]
    [InlineData("esc\u001b]0;owned\u0007.jpg", "esc\\x1B]0;owned\\x07.jpg")]
    [InlineData("cr\rline.jpg", "cr\\x0Dline.jpg")]
    [InlineData("rtl\u202Egpj.jpg", "rtl\\u{202E}gpj.jpg")]
    [InlineData("c1\u009b31m.jpg", "c1\\x9B31m.jpg")]
    [InlineData("écran 🖥.jpg", "écran 🖥.jpg")]
    public void Safe_ControlAndFormatCharacters_AreShownEscaped(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Safe(text));
}
