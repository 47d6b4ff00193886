using GroundedSam.Inference.Onnx;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GroundedSam.Inference.Sam2;

/// <summary>
/// onnx-community/sam2.1-hiera-tiny-ONNX, the Hugging Face transformers export that transformers.js runs. Names,
/// types and ranks from transformers.js <c>models/sam2/modeling_sam2.js</c> (encoder outputs
/// <c>image_embeddings.{i}</c>; decoder feeds <c>input_points</c> float32 [B,P,N,2], <c>input_labels</c> int64
/// [B,P,N], <c>input_boxes</c> float32 [B,M,4]; outputs <c>iou_scores</c> [B,M,3], <c>pred_masks</c>
/// [B,M,3,256,256], <c>object_score_logits</c> [B,M,1]) and <c>models/sam/image_processing_sam.js</c>.
/// </summary>
public static class Sam2Contracts
{
    public static readonly ModelContract Encoder = new(
        "sam2 vision encoder (Hugging Face export)",
        "onnx-community/sam2.1-hiera-tiny-ONNX onnx/vision_encoder.onnx",
        [new("pixel_values", TensorElementType.Float, 4)],
        [
            new("image_embeddings.0", TensorElementType.Float, 4),
            new("image_embeddings.1", TensorElementType.Float, 4),
            new("image_embeddings.2", TensorElementType.Float, 4),
        ]);

    public static readonly ModelContract Decoder = new(
        "sam2 prompt encoder + mask decoder (Hugging Face export)",
        "onnx-community/sam2.1-hiera-tiny-ONNX onnx/prompt_encoder_mask_decoder.onnx",
        [
            new("input_points", TensorElementType.Float, 4),
            new("input_labels", TensorElementType.Int64, 3),
            new("input_boxes", TensorElementType.Float, 3),
            new("image_embeddings.0", TensorElementType.Float, 4),
            new("image_embeddings.1", TensorElementType.Float, 4),
            new("image_embeddings.2", TensorElementType.Float, 4),
        ],
        [
            new("iou_scores", TensorElementType.Float, 3),
            new("pred_masks", TensorElementType.Float, 5),
        ]);
}
