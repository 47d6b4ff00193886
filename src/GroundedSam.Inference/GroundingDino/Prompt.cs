namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// A text prompt as Grounding DINO reads it: lower-cased, trimmed, ending with "." (spec §1.2), split into
/// categories at each ".". <see cref="Segments"/> keeps empty pieces so that segment <c>i</c> is the text between
/// separator <c>i</c> and <c>i+1</c> of the token sequence ([CLS], each ".", [SEP]).
/// </summary>
public sealed class Prompt
{
    /// <summary>Longest prompt accepted, in characters, before tokenising; the token limit is checked later.</summary>
    public const int MaxCharacters = 2048;

    private Prompt(string caption, IReadOnlyList<string> segments)
    {
        Caption = caption;
        Segments = segments;
    }

    /// <summary>The normalised caption fed to the tokenizer, for example <c>monitor. keyboard. mouse.</c>.</summary>
    public string Caption { get; }

    /// <summary>The trimmed text between consecutive "." of the caption, empty pieces included.</summary>
    public IReadOnlyList<string> Segments { get; }

    /// <summary>The non-empty categories in prompt order.</summary>
    public IEnumerable<string> Categories => Segments.Where(s => s.Length > 0);

    public static Prompt Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidPromptException("The prompt is empty. Name the objects to find, separated by dots, for example \"monitor. keyboard. mouse.\".");
        }

        if (text.Length > MaxCharacters)
        {
            throw new InvalidPromptException(
                $"The prompt is {text.Length} characters long; at most {MaxCharacters} are accepted (Grounding DINO reads 256 tokens). Name fewer categories, or split them over several jobs.");
        }

        var caption = text.ToLowerInvariant().Trim();
        if (!caption.EndsWith('.'))
        {
            caption += ".";
        }

        var segments = caption.Split('.').Select(s => s.Trim()).ToArray();
        if (segments.All(s => s.Length == 0))
        {
            throw new InvalidPromptException($"The prompt \"{text}\" names no category. Separate categories with dots, for example \"monitor. keyboard. mouse.\".");
        }

        return new Prompt(caption, segments);
    }

    public override string ToString() => Caption;
}
