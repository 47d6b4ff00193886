using System.Text;
using GroundedSam.Inference.Outputs;

namespace GroundedSam.Inference.Tests.Outputs;

/// <summary>detections.json as text: RLE counts (characters 48 to 111) written as they are, as pycocotools writes them.</summary>
public sealed class DetectionsDocumentJsonTests
{
    [Fact]
    public void ToUtf8Json_CountsWithAngleBracketsAndAQuote_KeepsTheBracketsEscapesOnlyTheQuote()
    {
        const string counts = "Pi7<X2>5?o0\\_";
        var document = new DetectionsDocument("desk.jpg",
            [new DetectionsDocument.Annotation("monitor <27\">", "monitor-1", [1, 2, 3, 4], new DetectionsDocument.Rle([4, 5], counts), 0.9f, 0.8f, 0.9f, 12, "masks/monitor-1.png")],
            5, 4, "monitor.");

        var text = Encoding.UTF8.GetString(document.ToUtf8Json());

        Assert.Contains("\"counts\": \"Pi7<X2>5?o0\\\\_\"", text, StringComparison.Ordinal);
        Assert.Contains("\"class_name\": \"monitor <27\\\">\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(counts, DetectionsDocument.Parse(Encoding.UTF8.GetBytes(text)).Annotations[0].Segmentation.Counts);
    }
}
