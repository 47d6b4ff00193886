using Microsoft.ML.Tokenizers;

namespace GroundedSam.Inference.GroundingDino;

/// <summary>
/// bert-base-uncased tokenisation as Grounding DINO's <c>BertTokenizerFast</c> does it: Hugging Face's normalisation
/// and punctuation split (<see cref="BertPreTokenizer"/>), then Microsoft.ML.Tokenizers' WordPiece over the model
/// folder's <c>vocab.txt</c>, between [CLS] and [SEP].
/// </summary>
public sealed class PromptTokenizer
{
    /// <summary>Grounding DINO's <c>max_text_len</c>.</summary>
    public const int MaxTokens = 256;

    public const long ClsId = 101;
    public const long SepId = 102;
    public const long DotId = 1012;
    public const long QuestionId = 1029;

    private readonly WordPieceTokenizer _wordPiece;

    private PromptTokenizer(WordPieceTokenizer wordPiece) => _wordPiece = wordPiece;

    public static PromptTokenizer FromVocabulary(string vocabularyPath)
    {
        if (!File.Exists(vocabularyPath))
        {
            throw new FileNotFoundException($"The tokenizer vocabulary {vocabularyPath} is missing.", vocabularyPath);
        }

        using var stream = File.OpenRead(vocabularyPath);
        return new PromptTokenizer(WordPieceTokenizer.Create(stream, new WordPieceOptions()));
    }

    public TokenizedPrompt Tokenize(Prompt prompt)
    {
        var ids = new List<long> { ClsId };
        var texts = new List<string> { "[CLS]" };
        foreach (var word in BertPreTokenizer.Split(prompt.Caption))
        {
            foreach (var token in _wordPiece.EncodeToTokens(word, out _))
            {
                ids.Add(token.Id);
                texts.Add(token.Value);
            }
        }

        ids.Add(SepId);
        texts.Add("[SEP]");
        if (ids.Count > MaxTokens)
        {
            throw new InvalidPromptException(
                $"The prompt is {ids.Count} tokens long; Grounding DINO reads at most {MaxTokens}. Name fewer categories, or split them over several jobs.");
        }

        return new TokenizedPrompt(prompt, [.. ids], [.. texts]);
    }

    /// <summary>The special tokens of Grounding DINO's text masks (spec §1.3): [CLS], [SEP], "." and "?".</summary>
    public static bool IsMaskSpecial(long id) => id is ClsId or SepId or DotId or QuestionId;

    /// <summary>The tokens that bound a category in the <c>remove_combined</c> rule (spec §1.5): [CLS], [SEP], ".".</summary>
    public static bool IsSpanSeparator(long id) => id is ClsId or SepId or DotId;
}
