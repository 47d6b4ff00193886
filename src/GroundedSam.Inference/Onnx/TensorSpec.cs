using Microsoft.ML.OnnxRuntime.Tensors;

namespace GroundedSam.Inference.Onnx;

/// <summary>One graph input or output as a contract names it: name, element type and rank.</summary>
public sealed record TensorSpec(string Name, TensorElementType ElementType, int Rank)
{
    public override string ToString() => $"{Name} {TypeName(ElementType)}[rank {Rank}]";

    internal static string TypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        TensorElementType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };
}
