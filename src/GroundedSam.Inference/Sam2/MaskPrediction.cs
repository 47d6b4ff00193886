namespace GroundedSam.Inference.Sam2;

/// <summary>SAM 2's chosen mask for one box: low-resolution logits (row-major) and the predicted IoU.</summary>
public sealed record MaskPrediction(float[] Logits, int Width, int Height, float Score);
