namespace GroundedSam.Inference.Onnx;

/// <summary>A model file whose inputs or outputs are not the ones this program feeds.</summary>
public sealed class ModelContractException(string message) : Exception(message);
