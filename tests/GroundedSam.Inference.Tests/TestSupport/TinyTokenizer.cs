using GroundedSam.Inference.GroundingDino;

namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>The tokenizer over the committed BERT base uncased vocabulary, loaded once for all tests.</summary>
internal static class TinyTokenizer
{
    public static PromptTokenizer Instance { get; } =
        PromptTokenizer.FromVocabulary(Path.Combine(Repository.TinyModels, "grounding-dino-tiny", "vocab.txt"));

    public static TokenizedPrompt Tokenize(string prompt) => Instance.Tokenize(Prompt.Parse(prompt));
}
