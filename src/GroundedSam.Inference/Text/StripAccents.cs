using System.Globalization;
using System.Text;

namespace GroundedSam.Inference.Text;

/// <summary>
/// BERT's <c>strip_accents</c>: canonical decomposition (NFD), then non-spacing marks dropped. Done from a table
/// (<c>StripAccents.txt</c>) instead of <see cref="string.Normalize(NormalizationForm)"/>, which does nothing under
/// <c>InvariantGlobalization</c>: without ICU "café" would stay "café" and become [UNK] instead of "cafe".
/// </summary>
internal static class StripAccents
{
    private const int HangulFirst = 0xAC00;
    private const int HangulLast = 0xD7A3;

    private static readonly Lazy<Dictionary<int, string>> Table = new(Load);

    public static string Apply(string text)
    {
        var stripped = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            Append(stripped, rune);
        }

        return stripped.ToString();
    }

    private static void Append(StringBuilder destination, Rune rune)
    {
        var cp = rune.Value;
        if (cp is >= HangulFirst and <= HangulLast)
        {
            // Unicode §3.12: a syllable is a leading consonant, a vowel and an optional trailing consonant.
            var index = cp - HangulFirst;
            destination.Append((char)(0x1100 + (index / 588))).Append((char)(0x1161 + (index % 588 / 28)));
            if (index % 28 != 0)
            {
                destination.Append((char)(0x11A7 + (index % 28)));
            }
        }
        else if (Table.Value.TryGetValue(cp, out var stripped))
        {
            destination.Append(stripped);
        }
        else if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
        {
            destination.Append(rune.ToString());
        }
    }

    private static Dictionary<int, string> Load()
    {
        using var stream = typeof(StripAccents).Assembly.GetManifestResourceStream("GroundedSam.Inference.StripAccents.txt")
            ?? throw new InvalidOperationException("The StripAccents.txt resource is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<int, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(' ');
            var text = new StringBuilder();
            foreach (var field in fields.AsSpan(1))
            {
                text.Append(char.ConvertFromUtf32(int.Parse(field, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            table[int.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = text.ToString();
        }

        return table;
    }
}
