using System.Text.Json;
using GroundedSam.Masks;
using GroundedSam.Testing;

namespace GroundedSam.Cli.Tests.Export;

/// <summary><c>gsam export coco</c> over a real <c>gsam run</c>: every annotation decodes back to its PNG mask.</summary>
public sealed class ExportCocoTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-export-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ExportCoco_RunResults_EveryAnnotationIsItsMaskWithBoxAreaAndCategory()
    {
        var (photos, output) = (Directory.CreateDirectory(Path.Combine(_root, "photos")).FullName, Path.Combine(_root, "out"));
        await File.WriteAllBytesAsync(Path.Combine(photos, "desk-1.jpg"), SyntheticPhotos.Jpeg(320, 240), TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(photos, "team"));
        await File.WriteAllBytesAsync(Path.Combine(photos, "team", "desk-2.jpg"), SyntheticPhotos.Jpeg(200, 150), TestContext.Current.CancellationToken);
        var (runExit, run) = await Gsam.RunAsync("run", photos, "--prompt", "monitor. keyboard. mouse.", "--out", output, "--models", Gsam.TinyModels, "--cpu");
        Assert.True(runExit == 0, run);
        var file = Path.Combine(_root, "coco", "desk.json");

        var (exit, said) = await Gsam.RunAsync("export", "coco", output, "--out", file);

        Assert.True(exit == 0, said);
        Assert.Contains("2 photo(s), 10 object(s) written", said, StringComparison.Ordinal);
        using var coco = JsonDocument.Parse(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        var root = coco.RootElement;
        Assert.Equal(["monitor", "keyboard", "mouse"], root.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var images = root.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt32());
        Assert.Equal(["desk-1.jpg", "desk-2.jpg"], images.Values.Select(i => i.GetProperty("file_name").GetString()).Order(StringComparer.Ordinal));
        var folders = new Dictionary<string, string> { ["desk-1.jpg"] = "desk-1", ["desk-2.jpg"] = "team_desk-2" };
        var categories = root.GetProperty("categories").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetInt32(), c => c.GetProperty("name").GetString());
        var annotations = root.GetProperty("annotations").EnumerateArray().ToList();
        Assert.Equal(10, annotations.Count);
        Assert.Equal(Enumerable.Range(1, 10), annotations.Select(a => a.GetProperty("id").GetInt32()));
        foreach (var annotation in annotations)
        {
            var image = images[annotation.GetProperty("image_id").GetInt32()];
            var (width, height) = (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32());
            var folder = Path.Combine(output, folders[image.GetProperty("file_name").GetString()!]);
            var instance = annotation.GetProperty("instance_id").GetString()!;
            var segmentation = annotation.GetProperty("segmentation");
            Assert.Equal([height, width], segmentation.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));

            var decoded = CocoRle.Decode(segmentation.GetProperty("counts").GetString()!, width, height);
            BinaryMask png;
            using (var stream = File.OpenRead(Path.Combine(folder, "masks", instance + ".png")))
            {
                png = MaskPng.Read(stream);
            }

            Assert.Equal((width, height), (png.Width, png.Height));
            Assert.Equal(png.Pixels.Select(p => p != 0), decoded.Pixels.Select(p => p != 0));
            Assert.Equal(decoded.Area(), annotation.GetProperty("area").GetInt64());
            Assert.StartsWith(categories[annotation.GetProperty("category_id").GetInt32()] + "-", instance, StringComparison.Ordinal);

            using var detections = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "detections.json"), TestContext.Current.CancellationToken));
            var box = detections.RootElement.GetProperty("annotations").EnumerateArray().Single(a => a.GetProperty("instance_id").GetString() == instance)
                .GetProperty("bbox").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            var xywh = annotation.GetProperty("bbox").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal([box[0], box[1], box[2] - box[0], box[3] - box[1]], xywh);
            Assert.Equal(0, annotation.GetProperty("iscrowd").GetInt32());
            Assert.InRange(annotation.GetProperty("score").GetSingle(), 0, 1);
        }

        // A second export replaces the first, which it wrote.
        Assert.Equal(0, (await Gsam.RunAsync("export", "coco", output, "--out", file)).ExitCode);
    }

    [Fact]
    public async Task ExportCoco_BrokenDetectionsAndAFileNotOurs_NamesOneAndKeepsTheOther()
    {
        var output = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        Directory.CreateDirectory(Path.Combine(output, "broken"));
        await File.WriteAllTextAsync(Path.Combine(output, "broken", "detections.json"), "{\"image_path\": [", TestContext.Current.CancellationToken);
        var file = Path.Combine(_root, "precious.json");
        await File.WriteAllTextAsync(file, "{\"mine\": true}", TestContext.Current.CancellationToken);

        var (exit, said) = await Gsam.RunAsync("export", "coco", output, "--out", file);
        var (fresh, freshSaid) = await Gsam.RunAsync("export", "coco", output, "--out", Path.Combine(_root, "new.json"));

        Assert.Equal(2, exit);
        Assert.Contains("was not written by gsam export", said, StringComparison.Ordinal);
        Assert.Equal("{\"mine\": true}", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        Assert.Equal(1, fresh);
        Assert.Contains("left out broken/detections.json", freshSaid, StringComparison.Ordinal);
    }
}
