using GroundedSam.Testing;
using GroundedSam.Masks;
using GroundedSam.Inference.Outputs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Cli.Tests.Segment;

/// <summary><c>gsam segment</c> over folders of good and bad photos, on the committed tiny models.</summary>
public sealed class SegmentCommandTests : IDisposable
{
    private const string Prompt = "monitor. keyboard. mouse.";
    private readonly string _photos = Directory.CreateTempSubdirectory("gsam-photos-").FullName;
    private readonly string _out = Directory.CreateTempSubdirectory("gsam-out-").FullName;

    public void Dispose()
    {
        Directory.Delete(_photos, recursive: true);
        Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task Segment_FolderWithBadFiles_WritesEveryOutputForGoodPhotosAndNamesEachBadOne()
    {
        WriteJpeg("desk1.jpg", 640, 480);
        WriteJpeg(Path.Combine("team", "desk2.jpg"), 400, 300);
        await File.WriteAllTextAsync(Path.Combine(_photos, "notes.jpg"), "not a photo", TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(_photos, "empty.png"), [], TestContext.Current.CancellationToken);
        var good = await File.ReadAllBytesAsync(Path.Combine(_photos, "desk1.jpg"), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(_photos, "truncated.jpg"), good[..(good.Length / 2)], TestContext.Current.CancellationToken);
        using (var gif = new Image<Rgb24>(8, 8))
        {
            await gif.SaveAsync(Path.Combine(_photos, "anim.gif"), new GifEncoder(), TestContext.Current.CancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(_photos, "README.txt"), "skipped", TestContext.Current.CancellationToken);

        var (exit, output) = await Gsam.RunAsync("segment", _photos, "--prompt", Prompt, "--out", _out, "--models", Gsam.TinyModels, "--cpu");

        Assert.Equal(1, exit);
        Assert.Contains("✗ notes.jpg: Unreadable", output, StringComparison.Ordinal);
        Assert.Contains("✗ empty.png: Unreadable: The file is empty", output, StringComparison.Ordinal);
        Assert.Contains("✗ truncated.jpg: Unreadable: The JPEG file is truncated", output, StringComparison.Ordinal);
        Assert.Contains("✗ anim.gif: UnsupportedFormat: GIF", output, StringComparison.Ordinal);
        Assert.Contains("2 of 6 photo(s) segmented", output, StringComparison.Ordinal);
        Assert.Contains("1 file(s) skipped", output, StringComparison.Ordinal);
        foreach (var folder in new[] { "desk1", "team_desk2" })
        {
            var files = Directory.GetFiles(Path.Combine(_out, folder), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Path.Combine(_out, folder), f).Replace('\\', '/')).Where(f => f != ".gsam-files").Order().ToArray();
            Assert.Equal(
            [
                "detections.json", "labels/keyboard.png", "labels/monitor.png", "labels/mouse.png",
                "masks/keyboard-1.png", "masks/monitor-1.png", "masks/monitor-2.png", "masks/mouse-1.png", "masks/mouse-2.png",
                "merged-mask.png", "overlay.jpg", "preview.jpg", "thumbnail.jpg",
            ], files);
        }
    }

    [Fact]
    public async Task Segment_Outputs_AgreeWithEachOther()
    {
        WriteJpeg("desk.jpg", 320, 240);

        var (exit, output) = await Gsam.RunAsync("segment", Path.Combine(_photos, "desk.jpg"), "--prompt", Prompt, "--out", _out, "--models", Gsam.TinyModels, "--cpu");

        Assert.True(exit == 0, output);
        var folder = Path.Combine(_out, "desk");
        var document = DetectionsDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "detections.json"), TestContext.Current.CancellationToken));
        Assert.Equal((320, 240), (document.ImgWidth, document.ImgHeight));
        Assert.Equal("xyxy", document.BoxFormat);
        Assert.Equal("desk.jpg", document.ImagePath);
        var instances = new List<BinaryMask>();
        foreach (var annotation in document.Annotations)
        {
            var png = ReadMask(Path.Combine(folder, annotation.MaskFile));
            Assert.Equal(png.Pixels, CocoRle.Decode(annotation.Segmentation.Counts, 320, 240).Pixels);
            Assert.Equal([240, 320], annotation.Segmentation.Size);
            Assert.Equal(png.Area(), annotation.Area);
            Assert.NotEqual(annotation.DetectorScore, annotation.MaskScore);
            instances.Add(png);
        }

        var merged = ReadMask(Path.Combine(folder, "merged-mask.png"));
        Assert.Equal(BinaryMask.Union(320, 240, instances).Pixels, merged.Pixels);
        var monitors = ReadMask(Path.Combine(folder, "labels", "monitor.png"));
        Assert.Equal(BinaryMask.Union(320, 240, [ReadMask(Path.Combine(folder, "masks", "monitor-1.png")), ReadMask(Path.Combine(folder, "masks", "monitor-2.png"))]).Pixels, monitors.Pixels);
        using var overlay = await Image.LoadAsync<Rgb24>(Path.Combine(folder, "overlay.jpg"), TestContext.Current.CancellationToken);
        Assert.Equal((320, 240), (overlay.Width, overlay.Height));
    }

    [Fact]
    public async Task Segment_ObjectsBlackWithLabelsAndDilation_InvertsOnlyChosenLabelsGrown()
    {
        WriteJpeg("desk.jpg", 320, 240);

        var (exit, output) = await Gsam.RunAsync("segment", _photos, "--prompt", Prompt, "--out", _out, "--models", Gsam.TinyModels, "--cpu",
            "--polarity", "ObjectsBlack", "--labels", "keyboard", "--dilate", "3");

        Assert.True(exit == 0, output);
        var folder = Path.Combine(_out, "desk");
        var keyboard = ReadMask(Path.Combine(folder, "masks", "keyboard-1.png"));
        var expected = MaskMorphology.Dilate(keyboard, 3).Inverted();
        Assert.Equal(expected.Pixels, ReadMask(Path.Combine(folder, "merged-mask.png")).Pixels);
        Assert.True(keyboard.Area() < expected.Inverted().Area());
    }

    [Fact]
    public async Task Segment_RunTwice_LeavesNoStaleMasks()
    {
        WriteJpeg("desk.jpg", 320, 240);
        await Gsam.RunAsync("segment", _photos, "--prompt", Prompt, "--out", _out, "--models", Gsam.TinyModels, "--cpu");

        var (exit, output) = await Gsam.RunAsync("segment", _photos, "--prompt", "keyboard", "--out", _out, "--models", Gsam.TinyModels, "--cpu");

        Assert.True(exit == 0, output);
        // Without "mouse" in the prompt, the query that answered both words is a second keyboard.
        Assert.Equal(["keyboard-1.png", "keyboard-2.png"], Directory.GetFiles(Path.Combine(_out, "desk", "masks")).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("", "The prompt is empty")]
    [InlineData("...", "names no category")]
    public async Task Segment_BadPrompt_ExitsTwoWithReason(string prompt, string reason)
    {
        WriteJpeg("desk.jpg", 64, 48);

        var (exit, output) = await Gsam.RunAsync("segment", _photos, "--prompt", prompt, "--out", _out, "--models", Gsam.TinyModels, "--cpu");

        Assert.Equal(2, exit);
        Assert.Contains(reason, output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }

    [Fact]
    public async Task Segment_FiveThousandCharacterPrompt_ExitsTwoNamingTheLimit()
    {
        WriteJpeg("desk.jpg", 64, 48);

        var (exit, output) = await Gsam.RunAsync("segment", _photos, "--prompt", string.Concat(Enumerable.Repeat("monitor. ", 556)), "--out", _out, "--models", Gsam.TinyModels, "--cpu");

        Assert.Equal(2, exit);
        Assert.Contains("5004 characters long; at most 2048", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_NoModels_SaysHowToGetThem()
    {
        WriteJpeg("desk.jpg", 64, 48);
        var empty = Path.Combine(_out, "no-models");

        var (exit, output) = await Gsam.RunAsync("segment", _photos, "--prompt", Prompt, "--out", _out, "--models", empty);

        Assert.Equal(2, exit);
        Assert.Contains($"gsam models pull --models {empty}", output, StringComparison.Ordinal);
        Assert.Contains("--models models/tiny", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--region", "0.5,0,0.2,1", "x1 < x2")]
    [InlineData("--box-threshold", "1.5", "[0, 1]")]
    [InlineData("--dilate", "-1", "Dilation")]
    public async Task Segment_BadOption_ExitsTwoWithReason(string option, string value, string reason)
    {
        WriteJpeg("desk.jpg", 64, 48);

        var (exit, output) = await Gsam.RunAsync("segment", _photos, "--prompt", Prompt, "--out", _out, "--models", Gsam.TinyModels, option, value);

        Assert.Equal(2, exit);
        Assert.Contains(reason, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_Reference_WritesWhatTheReferenceDemoWould()
    {
        WriteJpeg("desk.jpg", 320, 240);

        var (exit, output) = await Gsam.RunAsync("segment", _photos, "--prompt", Prompt, "--out", _out, "--models", Gsam.TinyModels, "--cpu", "--reference");

        Assert.True(exit == 0, output);
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "desk", "detections.json"), TestContext.Current.CancellationToken));
        var annotations = json.RootElement.GetProperty("annotations").EnumerateArray().ToList();
        Assert.Equal(
            ["monitor", "monitor", "monitor", "keyboard", "keyboard mouse", "mouse", ""],
            annotations.Select(a => a.GetProperty("class_name").GetString()));
        var border = annotations.Single(a => a.GetProperty("class_name").GetString() == "keyboard mouse");
        Assert.Equal(336.0, border.GetProperty("bbox")[2].GetDouble(), 1); // 1.05 × 320: reported as decoded
    }

    [Theory]
    [InlineData("--min-score", "0.5")]
    [InlineData("--nms-iou", "0.5")]
    [InlineData("--region", "0,0,1,1")]
    public async Task Segment_ReferenceWithADeparture_ExitsTwoNamingIt(string option, string value)
    {
        WriteJpeg("desk.jpg", 64, 48);

        var (exit, output) = await Gsam.RunAsync("segment", _photos, "--prompt", Prompt, "--out", _out, "--models", Gsam.TinyModels, "--reference", option, value);

        Assert.Equal(2, exit);
        Assert.Contains($"--reference turns every departure off, so it cannot be combined with {option}", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }

    [Fact]
    public async Task Segment_MissingInput_ExitsTwo()
    {
        var (exit, output) = await Gsam.RunAsync("segment", Path.Combine(_photos, "nope"), "--prompt", Prompt, "--out", _out, "--models", Gsam.TinyModels);

        Assert.Equal(2, exit);
        Assert.Contains("is neither a photo nor a folder", output, StringComparison.Ordinal);
    }

    private void WriteJpeg(string relative, int width, int height) => SyntheticPhotos.WriteFlatJpeg(Path.Combine(_photos, relative), width, height, new Rgb24(90, 120, 150));

    private static BinaryMask ReadMask(string path)
    {
        using var stream = File.OpenRead(path);
        return MaskPng.Read(stream);
    }
}
