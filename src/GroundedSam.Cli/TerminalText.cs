using System.Globalization;
using System.Text;

namespace GroundedSam.Cli;

/// <summary>
/// Text from outside (file names, object keys, manifest entries) made safe to print: control characters, escape
/// sequences and invisible direction overrides are shown as <c>\xNN</c> / <c>\u{NNNN}</c> instead of being sent
/// to the terminal, where they could move the cursor, rewrite earlier lines or change the title.
/// </summary>
internal static class TerminalText
{
    /// <summary>An object's label for a summary line: the reference preset's empty label shows as <c>""</c>.</summary>
    public static string Label(string label) => label.Length == 0 ? "\"\"" : Safe(label);

    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        StringBuilder? builder = null;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var unsafeRune = Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format;
            if (unsafeRune && builder is null)
            {
                builder = new StringBuilder(text.Length + 8).Append(text, 0, index);
            }

            if (builder is not null)
            {
                builder.Append(!unsafeRune ? rune.ToString()
                    : rune.Value <= 0xFF ? $"\\x{rune.Value:X2}"
                    : $"\\u{{{rune.Value:X4}}}");
            }

            index += rune.Utf16SequenceLength;
        }

        return builder?.ToString() ?? text;
    }
}
