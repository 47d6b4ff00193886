using GroundedSam.Testing;

namespace GroundedSam.Cli.Tests.Segment;

/// <summary><c>gsam segment</c> with hostile names, special files and photos that once crashed it: no user file touched, every photo ends.</summary>
public sealed class SegmentHostileInputTests : IDisposable
{
    private const string Prompt = "monitor. keyboard. mouse.";
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-hostile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Segment_PhotoNamedThreeDots_WritesInsideOutAndDeletesNothing()
    {
        // The report's repro: "...jpg" once made the folder name "..", and the writer deleted the parent of --out.
        var output = Path.Combine(_root, "v", "out");
        Directory.CreateDirectory(output);
        var precious = Path.Combine(_root, "v", "precious.txt");
        await File.WriteAllTextAsync(precious, "keep", TestContext.Current.CancellationToken);
        var photo = Path.Combine(_root, "v2", "...jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(photo)!);
        await File.WriteAllBytesAsync(photo, SyntheticPhotos.Jpeg(160, 120), TestContext.Current.CancellationToken);

        var (exit, text) = await Gsam.RunAsync("segment", photo, "--prompt", Prompt, "--out", output, "--models", Gsam.TinyModels, "--cpu");

        Assert.True(exit == 0, text);
        Assert.Equal("keep", await File.ReadAllTextAsync(precious, TestContext.Current.CancellationToken));
        Assert.Equal(["index.html", "photo"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(output, "photo", "merged-mask.png")));
    }

    [Fact]
    public async Task Segment_PhotoBesideAFolderOfTheSameName_BothOutputsComplete()
    {
        // "a.jpg" beside "a/masks.jpg": their results once shared out/a/masks/, and one run deleted the other's.
        var photos = Path.Combine(_root, "photos");
        var output = Path.Combine(_root, "out");
        Directory.CreateDirectory(Path.Combine(photos, "a"));
        await File.WriteAllBytesAsync(Path.Combine(photos, "a.jpg"), SyntheticPhotos.Jpeg(320, 240), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(photos, "a", "masks.jpg"), SyntheticPhotos.Jpeg(200, 150), TestContext.Current.CancellationToken);

        var (exit, text) = await Gsam.RunAsync("segment", photos, "--prompt", Prompt, "--out", output, "--models", Gsam.TinyModels, "--cpu");

        Assert.True(exit == 0, text);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(output, "a", "masks")).Length);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(output, "a_masks", "masks")).Length);
    }

    [Fact]
    public async Task Segment_OutIsTheInputFolder_ExitsTwoAndTouchesNoPhoto()
    {
        // The report's case: "segment /p --out /p" with /p/trip.jpg and /p/trip/beach.jpg deleted beach.jpg.
        var photos = Path.Combine(_root, "p");
        Directory.CreateDirectory(Path.Combine(photos, "trip"));
        var trip = SyntheticPhotos.Jpeg(160, 120);
        var beach = SyntheticPhotos.Jpeg(120, 90);
        await File.WriteAllBytesAsync(Path.Combine(photos, "trip.jpg"), trip, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(photos, "trip", "beach.jpg"), beach, TestContext.Current.CancellationToken);

        var (exit, text) = await Gsam.RunAsync("segment", photos, "--prompt", Prompt, "--out", photos, "--models", Gsam.TinyModels, "--cpu");

        Assert.Equal(2, exit);
        Assert.Contains("is the input folder", text, StringComparison.Ordinal);
        Assert.Equal(["trip", "trip.jpg"], Directory.GetFileSystemEntries(photos).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(beach, await File.ReadAllBytesAsync(Path.Combine(photos, "trip", "beach.jpg"), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 180_000)]
    public async Task Segment_FolderOfSpecialAndCrashingFiles_NamesEachFailureAndFinishesTheRest()
    {
        var photos = Path.Combine(_root, "photos");
        var output = Path.Combine(_root, "out");
        HostileFolder.Create(photos);

        var (exit, text) = await Gsam.RunAsync("segment", photos, "--prompt", Prompt, "--out", output, "--models", Gsam.TinyModels, "--cpu");

        Assert.Equal(1, exit);
        Assert.Contains($"{HostileFolder.Good.Length} of {HostileFolder.Good.Length + HostileFolder.Bad.Length} photo(s) segmented", text, StringComparison.Ordinal);
        Assert.Contains("sub/again: a symbolic link to a folder, not followed", text, StringComparison.Ordinal);
        foreach (var (file, reason) in HostileFolder.Bad)
        {
            Assert.Contains(text.Split('\n'), line => line.StartsWith($"✗ {TerminalText.Safe(file)}: ", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal));
        }

        foreach (var (_, folder, width, height) in HostileFolder.Good)
        {
            var document = GroundedSam.Inference.Outputs.DetectionsDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, folder, "detections.json"), TestContext.Current.CancellationToken));
            Assert.Equal((width, height), (document.ImgWidth, document.ImgHeight));
        }

        Assert.DoesNotContain('\u001b', text);
    }

    [Fact(Timeout = 180_000)]
    public async Task Segment_CtrlC_StopsAfterThePhotoInHandWithASummary()
    {
        var photos = Path.Combine(_root, "photos");
        Directory.CreateDirectory(photos);
        var jpeg = SyntheticPhotos.Jpeg(320, 240);
        for (var i = 0; i < 300; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(photos, $"p{i:D3}.jpg"), jpeg, TestContext.Current.CancellationToken);
        }

        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var console = new ConsoleCapture();
        var run = Gsam.RunAsync(console, ctrlC.Token, "segment", photos, "--prompt", Prompt, "--out", Path.Combine(_root, "out"), "--models", Gsam.TinyModels, "--cpu");
        Assert.True(await console.WaitForAsync("✓ p000.jpg", TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken), console.ToString());
        await ctrlC.CancelAsync();
        var (exit, text) = await run;

        Assert.Equal(130, exit);
        Assert.Matches(@"Interrupted after (\d+) of 300 photo\(s\): \1 segmented, 0 failed, \d+ not started", text);
    }
}
