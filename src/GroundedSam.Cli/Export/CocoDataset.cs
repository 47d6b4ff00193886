using System.Text.Json;
using System.Text.Json.Serialization;
using GroundedSam.Inference.Outputs;

namespace GroundedSam.Cli.Export;

/// <summary>
/// One COCO "instances" file from many photos' <c>detections.json</c>: <c>images</c>, <c>categories</c> (the
/// prompts' categories, in order), and per object an <c>annotations</c> entry with its compressed RLE
/// <c>segmentation</c>, <c>bbox</c> as x, y, width, height, <c>area</c>, <c>score</c> and <c>iscrowd</c> 0 (the
/// object-detection results layout FiftyOne, CVAT and Label Studio import), plus <c>instance_id</c> and
/// <c>detector_score</c>.
/// </summary>
internal static class CocoDataset
{
    /// <summary>What <c>info.contributor</c> says, so that a later export knows the file is its own to replace.</summary>
    public const string Contributor = "gsam export coco";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="photos">Each photo's file name in the dataset and its detections, in the order they should be numbered.</param>
    public static byte[] Build(IReadOnlyList<(string FileName, DetectionsDocument Detections)> photos, DateTimeOffset created)
    {
        var categories = new List<string>();
        int CategoryId(string name)
        {
            var index = categories.FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                categories.Add(name);
                index = categories.Count - 1;
            }

            return index + 1;
        }

        foreach (var (_, detections) in photos)
        {
            foreach (var category in Inference.GroundingDino.Prompt.Parse(detections.Prompt).Categories)
            {
                _ = CategoryId(category);
            }
        }

        var images = new List<Image>();
        var annotations = new List<Annotation>();
        foreach (var (fileName, detections) in photos)
        {
            var imageId = images.Count + 1;
            images.Add(new Image(imageId, fileName, detections.ImgWidth, detections.ImgHeight));
            foreach (var a in detections.Annotations)
            {
                var (x1, y1, x2, y2) = (a.Bbox[0], a.Bbox[1], a.Bbox[2], a.Bbox[3]);
                annotations.Add(new Annotation(annotations.Count + 1, imageId, CategoryId(a.ClassName), a.Segmentation, a.Area,
                    [x1, y1, x2 - x1, y2 - y1], 0, a.Score, a.DetectorScore, a.InstanceId));
            }
        }

        var dataset = new Dataset(
            new Info($"gsam detections, {photos.Count} photo(s)", Contributor, created.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            [], images, [.. categories.Select((name, i) => new Category(i + 1, name, "object"))], annotations);
        return JsonSerializer.SerializeToUtf8Bytes(dataset, Json);
    }

    /// <summary>Whether a JSON object is a file this export wrote (and may replace).</summary>
    public static bool IsOurs(JsonElement root) =>
        root.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object
        && info.TryGetProperty("contributor", out var contributor) && contributor.ValueEquals(Contributor);

    private sealed record Dataset(Info Info, object[] Licenses, List<Image> Images, List<Category> Categories, List<Annotation> Annotations);

    private sealed record Info(string Description, string Contributor, string DateCreated);

    private sealed record Image(int Id, string FileName, int Width, int Height);

    private sealed record Category(int Id, string Name, string Supercategory);

    private sealed record Annotation(int Id, int ImageId, int CategoryId, DetectionsDocument.Rle Segmentation, long Area, float[] Bbox, int Iscrowd, float Score,
        float DetectorScore, string InstanceId);
}
