using System.Text.Json;
using GroundedSam.Masks;

namespace GroundedSam.Inference.Outputs;

/// <summary>
/// <c>detections.json</c>: the Grounded-SAM-2 demo's schema (spec §1.9: <c>annotations</c> with <c>class_name</c>,
/// <c>bbox</c> xyxy, <c>segmentation</c> as COCO compressed RLE, <c>score</c>; <c>box_format</c>,
/// <c>img_width</c>, <c>img_height</c>) plus our fields. <c>score</c> is SAM 2's predicted IoU, as in the reference
/// (always a number, never the reference's one-element list); <c>detector_score</c> is Grounding DINO's confidence.
/// </summary>
public sealed record DetectionsDocument(string ImagePath, IReadOnlyList<DetectionsDocument.Annotation> Annotations, int ImgWidth, int ImgHeight, string Prompt)
{
    // RLE counts use the characters 48 to 111, '<' and '>' among them: written as they are, not as \u003C, so that
    // pycocotools and a reader's eye see the same string. Quotes, backslashes and control characters stay escaped.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string BoxFormat { get; init; } = "xyxy";

    /// <param name="rle">Each instance's RLE counts when already computed; by default they are encoded here.</param>
    public static DetectionsDocument From(SegmentationResult result, string imagePath, Func<MaskedInstance, string> maskPath, IReadOnlyList<string>? rle = null) => new(
        imagePath,
        [.. result.Instances.Select((i, index) => new Annotation(
            i.Label,
            i.InstanceId,
            [i.Detection.Box.X1, i.Detection.Box.Y1, i.Detection.Box.X2, i.Detection.Box.Y2],
            new Rle([result.Height, result.Width], rle?[index] ?? CocoRle.Encode(i.Mask)),
            i.MaskScore,
            i.Detection.DetectorScore,
            i.MaskScore,
            i.Area,
            maskPath(i)))],
        result.Width,
        result.Height,
        result.Prompt.Caption);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static DetectionsDocument Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<DetectionsDocument>(json, Json) ?? throw new JsonException("detections.json is empty.");

    /// <param name="Bbox">x1, y1, x2, y2 in original pixels.</param>
    /// <param name="Area">Pixels inside the mask.</param>
    public sealed record Annotation(
        string ClassName,
        string InstanceId,
        float[] Bbox,
        Rle Segmentation,
        float Score,
        float DetectorScore,
        float MaskScore,
        long Area,
        string MaskFile);

    /// <param name="Size">[height, width], as pycocotools writes it.</param>
    public sealed record Rle(int[] Size, string Counts);
}
