using Microsoft.ML.OnnxRuntime;

namespace GroundedSam.Inference.Onnx;

/// <summary>
/// The inputs and outputs a model file must have for our code to feed it. Checked when the session opens, so a
/// wrong or re-exported file fails at start with both lists side by side, not with a shape error on the first photo.
/// </summary>
public sealed record ModelContract(string Name, string Source, IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    /// <summary>Whether the session has every input and output of this contract, with the same type and rank.</summary>
    public bool IsSatisfiedBy(InferenceSession session) =>
        Inputs.All(spec => Matches(session.InputMetadata, spec)) && Outputs.All(spec => Matches(session.OutputMetadata, spec));

    /// <summary>Throws <see cref="ModelContractException"/> unless one of <paramref name="contracts"/> fits.</summary>
    public static ModelContract Require(InferenceSession session, string modelPath, params ModelContract[] contracts)
    {
        foreach (var contract in contracts)
        {
            if (contract.IsSatisfiedBy(session))
            {
                return contract;
            }
        }

        var expected = string.Join(Environment.NewLine, contracts.Select(c =>
            $"  {c.Name} ({c.Source}):{Environment.NewLine}    inputs  {string.Join(", ", c.Inputs)}{Environment.NewLine}    outputs {string.Join(", ", c.Outputs)}"));
        throw new ModelContractException(
            $"{modelPath} does not have the inputs and outputs this program feeds.{Environment.NewLine}" +
            $"Expected one of:{Environment.NewLine}{expected}{Environment.NewLine}" +
            $"Found:{Environment.NewLine}    inputs  {Describe(session.InputMetadata)}{Environment.NewLine}    outputs {Describe(session.OutputMetadata)}{Environment.NewLine}" +
            "Use the exports named in models/manifest.json (docs/model-contracts.md says which others are accepted).");
    }

    private static bool Matches(IReadOnlyDictionary<string, NodeMetadata> metadata, TensorSpec spec) =>
        metadata.TryGetValue(spec.Name, out var node) && node.IsTensor &&
        node.ElementDataType == spec.ElementType && node.Dimensions.Length == spec.Rank;

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        string.Join(", ", metadata.Select(kv => kv.Value.IsTensor
            ? $"{kv.Key} {TensorSpec.TypeName(kv.Value.ElementDataType)}[{string.Join(",", kv.Value.Dimensions)}]"
            : $"{kv.Key} (not a tensor)"));
}
