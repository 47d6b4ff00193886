using GroundedSam.Inference.Onnx;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GroundedSam.Inference.GroundingDino;

/// <summary>The Grounding DINO exports this program can feed, told apart by their input names.</summary>
public static class GroundingDinoContracts
{
    /// <summary>
    /// onnx-community/grounding-dino-tiny-ONNX (the Hugging Face transformers export that transformers.js runs):
    /// the text mask and position ids are built inside the graph. Names, types and ranks from transformers.js
    /// (<c>models/grounding_dino/image_processing_grounding_dino.js</c>: <c>pixel_mask</c> = int64 ones [B,H,W];
    /// tokenizer outputs int64 [B,L]; <c>tests/models/grounding_dino/test_modeling_grounding_dino.js</c>:
    /// <c>logits</c> [B,900,256] with −inf past the prompt, <c>pred_boxes</c> [B,900,4]) and suous/splatfield
    /// <c>crates/gsam/src/dino.rs</c>.
    /// </summary>
    public static readonly ModelContract HuggingFace = new(
        "grounding-dino (Hugging Face export)",
        "onnx-community/grounding-dino-tiny-ONNX",
        [
            new("pixel_values", TensorElementType.Float, 4),
            new("input_ids", TensorElementType.Int64, 2),
            new("token_type_ids", TensorElementType.Int64, 2),
            new("attention_mask", TensorElementType.Int64, 2),
            new("pixel_mask", TensorElementType.Int64, 3),
        ],
        [
            new("logits", TensorElementType.Float, 3),
            new("pred_boxes", TensorElementType.Float, 3),
        ]);

    /// <summary>
    /// The six-input export of the original IDEA code (wenyi5608 fork; hpc203, X-AnyLabeling exporters; spec
    /// §2.1): <c>attention_mask</c> is the 1-D padding mask and <c>text_token_mask</c> the L×L block mask.
    /// </summary>
    public static readonly ModelContract SixInput = new(
        "grounding-dino (six-input IDEA export)",
        "wenyi5608/GroundingDINO export_onnx.py",
        [
            new("img", TensorElementType.Float, 4),
            new("input_ids", TensorElementType.Int64, 2),
            new("attention_mask", TensorElementType.Bool, 2),
            new("position_ids", TensorElementType.Int64, 2),
            new("token_type_ids", TensorElementType.Int64, 2),
            new("text_token_mask", TensorElementType.Bool, 3),
        ],
        [
            new("logits", TensorElementType.Float, 3),
            new("boxes", TensorElementType.Float, 3),
        ]);
}
