using GroundedSam.Testing;
using GroundedSam.Masks;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Cli.Tests.Run;

/// <summary><c>gsam run</c>, the README's main command: the embedded pipeline over a folder, on the tiny models.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _photos = Directory.CreateTempSubdirectory("gsam-run-photos-").FullName;
    private readonly string _out = Directory.CreateTempSubdirectory("gsam-run-out-").FullName;

    public void Dispose()
    {
        Directory.Delete(_photos, recursive: true);
        Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task Run_FolderWithOneBadPhoto_WritesMergedMaskPerGoodPhotoAndNamesTheBadOne()
    {
        WriteJpeg("desk-1.jpg", 320, 240);
        WriteJpeg(Path.Combine("team", "desk-2.jpg"), 200, 150);
        await File.WriteAllTextAsync(Path.Combine(_photos, "broken.jpg"), "not a photo", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_photos, "notes.txt"), "not a photo either", TestContext.Current.CancellationToken);

        var summary = Path.Combine(_out, "summary.json");
        var (exit, output) = await Gsam.RunAsync("run", _photos, "--prompt", "monitor. keyboard. mouse.", "--out", _out, "--models", Gsam.TinyModels, "--cpu",
            "--polarity", "ObjectsBlack", "--json", summary);

        Assert.Equal(1, exit);
        using (var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(summary, TestContext.Current.CancellationToken)))
        {
            var root = json.RootElement;
            Assert.Equal((3, 2, 1, 10, 1), (root.GetProperty("photos").GetInt32(), root.GetProperty("succeeded").GetInt32(), root.GetProperty("failed").GetInt32(),
                root.GetProperty("objects").GetInt32(), root.GetProperty("skipped").GetInt32()));
            var results = root.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
            Assert.Equal("ImageUnreadable", results["broken.jpg"].GetProperty("reason").GetString());
            Assert.Equal(5, results["desk-1.jpg"].GetProperty("objects").GetInt32());
            Assert.Equal("ok", results[Path.Combine("team", "desk-2.jpg").Replace('\\', '/')].GetProperty("status").GetString());
        }

        Assert.Contains($"Loading the models from {Gsam.TinyModels}…", output, StringComparison.Ordinal);
        Assert.Matches(@"✓ desk-1\.jpg 320×240: 5 object\(s\).* decode \d+ ms · prepare \d+ ms · detect \d+ ms · segment \d+ ms · masks \d+ ms · write \d+ ms", output);
        Assert.Contains("1 file(s) skipped", output, StringComparison.Ordinal);
        Assert.Contains("✗ broken.jpg: ImageUnreadable", output, StringComparison.Ordinal);
        Assert.Contains("2 of 3 photo(s) ready for inpainting, 10 object(s); 1 failed.", output, StringComparison.Ordinal);
        foreach (var (folder, width, height) in new[] { ("desk-1", 320, 240), ("team_desk-2", 200, 150) })
        {
            var files = Directory.GetFiles(Path.Combine(_out, folder), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Path.Combine(_out, folder), f).Replace('\\', '/')).Where(f => f != ".gsam-files").Order(StringComparer.Ordinal);
            Assert.Equal(
            [
                "detections.json", "labels/keyboard.png", "labels/monitor.png", "labels/mouse.png",
                "masks/keyboard-1.png", "masks/monitor-1.png", "masks/monitor-2.png", "masks/mouse-1.png", "masks/mouse-2.png",
                "merged-mask.png", "overlay.jpg", "preview.jpg", "thumbnail.jpg",
            ], files);

            var instances = Directory.GetFiles(Path.Combine(_out, folder, "masks")).Select(ReadMask).ToList();
            var merged = ReadMask(Path.Combine(_out, folder, "merged-mask.png"));
            Assert.Equal((width, height), (merged.Width, merged.Height));
            Assert.Equal(BinaryMask.Union(width, height, instances).Inverted().Pixels, merged.Pixels);
        }

        Assert.False(Directory.Exists(Path.Combine(_out, "broken")));
    }

    [Fact]
    public async Task RunAndSegment_SameFolderAndOptions_WriteTheSameFilesByteForByte()
    {
        WriteJpeg("desk-1.jpg", 320, 240);
        WriteJpeg(Path.Combine("team", "desk-2.jpg"), 200, 150);
        string[] options = ["--prompt", "monitor. keyboard. mouse.", "--models", Gsam.TinyModels, "--cpu", "--polarity", "ObjectsBlack", "--dilate", "3", "--max-per-label", "1"];
        var viaSegment = Path.Combine(_out, "segment");
        var viaRun = Path.Combine(_out, "run");

        var (segmentExit, segmented) = await Gsam.RunAsync(["segment", _photos, "--out", viaSegment, .. options]);
        var (runExit, ran) = await Gsam.RunAsync(["run", _photos, "--out", viaRun, .. options]);

        Assert.True(segmentExit == 0, segmented);
        Assert.True(runExit == 0, ran);
        var files = Files(viaSegment);
        // Per photo: detections.json, 3 label masks, 3 instance masks (one per label), merged mask, overlay, preview, thumbnail.
        Assert.Equal(2 * 11, files.Count);
        Assert.Equal(files, Files(viaRun));
        Assert.True(File.Exists(Path.Combine(viaSegment, "index.html")) && File.Exists(Path.Combine(viaRun, "index.html")));
        Assert.All(files, file => Assert.Equal(File.ReadAllBytes(Path.Combine(viaSegment, file)), File.ReadAllBytes(Path.Combine(viaRun, file))));

        static List<string> Files(string root) => [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Where(f => !f.EndsWith(".gsam-files", StringComparison.Ordinal) && f != "index.html")
            .Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Run_Reference_CarriesThePresetThroughTheMessageToTheWorker()
    {
        // run publishes SegmentImage like submit does: the preset must survive the message and its mapping back.
        WriteJpeg("desk.jpg", 320, 240);

        var (exit, output) = await Gsam.RunAsync("run", _photos, "--prompt", "monitor. keyboard. mouse.", "--out", _out, "--models", Gsam.TinyModels, "--cpu",
            "--reference");

        Assert.True(exit == 0, output);
        Assert.Equal(
            ["keyboard-1.png", "keyboard_mouse-1.png", "monitor-1.png", "monitor-2.png", "monitor-3.png", "mouse-1.png", "object-1.png"],
            Directory.GetFiles(Path.Combine(_out, "desk", "masks")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_NoModels_ExitsTwoSayingHowToGetThem()
    {
        WriteJpeg("desk.jpg", 64, 48);

        var (exit, output) = await Gsam.RunAsync("run", _photos, "--prompt", "monitor.", "--out", _out, "--models", Path.Combine(_out, "none"));

        Assert.Equal(2, exit);
        Assert.Contains("gsam models pull", output, StringComparison.Ordinal);
    }

    private void WriteJpeg(string relative, int width, int height) => SyntheticPhotos.WriteFlatJpeg(Path.Combine(_photos, relative), width, height, new Rgb24(90, 120, 150));

    private static BinaryMask ReadMask(string path)
    {
        using var stream = File.OpenRead(path);
        return MaskPng.Read(stream);
    }
}
