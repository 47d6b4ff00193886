using GroundedSam.Inference.Onnx;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GroundedSam.Inference.Sam2;

/// <summary>
/// The two SAM 2 exports <see cref="Sam2Segmenter"/> feeds. Each is an encoder and a decoder that belong together;
/// the decoder may return 1, 3 or 4 candidate masks per box (<see cref="MaskChoice"/>).
/// </summary>
public static class Sam2Contracts
{
    /// <summary>
    /// onnx-community/sam2.1-hiera-tiny-ONNX, the Hugging Face transformers export that transformers.js runs (the
    /// default download). Names, types and ranks from transformers.js <c>models/sam2/modeling_sam2.js</c>: encoder
    /// outputs <c>image_embeddings.{i}</c>; decoder feeds <c>input_points</c> float32 [B,P,N,2], <c>input_labels</c>
    /// int64 [B,P,N], <c>input_boxes</c> float32 [B,M,4]; outputs <c>iou_scores</c> [B,M,C], <c>pred_masks</c>
    /// [B,M,C,256,256] (C = 3: no single-mask token), <c>object_score_logits</c> [B,M,1].
    /// </summary>
    public static readonly ModelContract HuggingFaceEncoder = new(
        "sam2 vision encoder (Hugging Face export)",
        "onnx-community/sam2.1-hiera-tiny-ONNX onnx/vision_encoder.onnx",
        [new("pixel_values", TensorElementType.Float, 4)],
        [
            new("image_embeddings.0", TensorElementType.Float, 4),
            new("image_embeddings.1", TensorElementType.Float, 4),
            new("image_embeddings.2", TensorElementType.Float, 4),
        ]);

    public static readonly ModelContract HuggingFaceDecoder = new(
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

    /// <summary>
    /// ONNX Runtime's own SAM 2 export (<c>onnxruntime/python/tools/transformers/models/sam2/convert_to_onnx.py</c>,
    /// <c>image_encoder.py</c>, <c>image_decoder.py</c>): encoder <c>image</c> float32 [B,3,1024,1024] (normalised) to
    /// <c>image_features_0/1</c> and <c>image_embeddings</c>; decoder <c>point_coords</c> float32 [L,P,2] (1024 frame),
    /// <c>point_labels</c> int32 [L,P] (2 and 3 for a box's corners; the graph adds +0.5 and the padding point),
    /// <c>input_masks</c> [L,1,256,256], <c>has_input_masks</c> [L], <c>original_image_size</c> int32 [2]; outputs
    /// <c>iou_predictions</c> [L,M] and <c>low_res_masks</c> [L,M,256,256] (and <c>masks</c> at the photo's size, not
    /// read). Exported with its default <c>multimask_output=False</c>, M = 1: the graph applies the reference's
    /// stability rule itself and returns the reference's mask.
    /// </summary>
    public static readonly ModelContract OnnxRuntimeEncoder = new(
        "sam2 image encoder (ONNX Runtime export)",
        "onnxruntime/python/tools/transformers/models/sam2/image_encoder.py",
        [new("image", TensorElementType.Float, 4)],
        [
            new("image_features_0", TensorElementType.Float, 4),
            new("image_features_1", TensorElementType.Float, 4),
            new("image_embeddings", TensorElementType.Float, 4),
        ]);

    public static readonly ModelContract OnnxRuntimeDecoder = new(
        "sam2 image decoder (ONNX Runtime export)",
        "onnxruntime/python/tools/transformers/models/sam2/image_decoder.py",
        [
            new("image_features_0", TensorElementType.Float, 4),
            new("image_features_1", TensorElementType.Float, 4),
            new("image_embeddings", TensorElementType.Float, 4),
            new("point_coords", TensorElementType.Float, 3),
            new("point_labels", TensorElementType.Int32, 2),
            new("input_masks", TensorElementType.Float, 4),
            new("has_input_masks", TensorElementType.Float, 1),
            new("original_image_size", TensorElementType.Int32, 1),
        ],
        [
            new("iou_predictions", TensorElementType.Float, 2),
            new("low_res_masks", TensorElementType.Float, 4),
        ]);
}
