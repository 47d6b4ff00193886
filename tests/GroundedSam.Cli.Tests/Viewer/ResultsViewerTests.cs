using System.Collections.Concurrent;
using System.Globalization;
using GroundedSam.Inference.Outputs;
using GroundedSam.Masks;
using GroundedSam.Testing;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Cli.Tests.Viewer;

/// <summary>
/// The results viewer <c>gsam run</c> writes, opened from the folder (file://, no server) in the system's Chromium:
/// the gallery, its filter, one photo's page, an instance's mask switched off and on, each compared with what
/// detections.json and the mask PNGs say. The page's console must stay free of errors (a blocked script or style, a
/// missing file) throughout.
/// </summary>
public sealed class ResultsViewerTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    // The overlay's palette (OverlayRenderer), in the order of detections.json's annotations.
    private static readonly Rgb24[] Palette =
    [
        new(0xE6, 0x19, 0x4B), new(0x3C, 0xB4, 0x4B), new(0x43, 0x63, 0xD8), new(0xF5, 0x82, 0x31),
        new(0x91, 0x1E, 0xB4), new(0x42, 0xD4, 0xF4), new(0xF0, 0x32, 0xE6), new(0xBF, 0xEF, 0x45),
        new(0xFF, 0xE1, 0x19), new(0x46, 0x99, 0x90), new(0x9A, 0x63, 0x24), new(0x80, 0x00, 0x00),
    ];

    private const float MaskOpacity = 0.45f;

    private readonly string _photos = Directory.CreateTempSubdirectory("gsam-viewer-photos-").FullName;
    private readonly string _out = Directory.CreateTempSubdirectory("gsam-viewer-out-").FullName;
    private readonly ConcurrentQueue<string> _errors = new();

    public void Dispose()
    {
        Directory.Delete(_photos, recursive: true);
        Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task Viewer_AfterRun_ShowsEveryPhotoFiltersByLabelAndScore_AndAPhotosMasksAsDetectionsJsonSays()
    {
        foreach (var sample in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples"), "*.jpg"))
        {
            File.Copy(sample, Path.Combine(_photos, Path.GetFileName(sample)));
        }

        // A name a URL must encode ('#' starts a fragment, '%' an escape), and a photo that fails.
        File.Copy(Path.Combine(RepositoryPaths.Root, "samples", "desk-2.jpg"), Path.Combine(_photos, "odd #1 100%.jpg"));
        await File.WriteAllTextAsync(Path.Combine(_photos, "broken.jpg"), "not a photo", TestContext.Current.CancellationToken);

        var (exit, output) = await Gsam.RunAsync("run", _photos, "--prompt", "monitor. keyboard. mouse.", "--out", _out, "--models", Gsam.TinyModels, "--cpu");

        Assert.Equal(1, exit);
        var index = Path.Combine(_out, "index.html");
        Assert.Contains($"Viewer: {new Uri(index).AbsoluteUri}", output, StringComparison.Ordinal);
        var folders = new[] { "desk-1", "desk-2", "desk-3-portrait", "odd #1 100%" };
        var detections = folders.ToDictionary(f => f, f => DetectionsDocument.Parse(File.ReadAllBytes(Path.Combine(_out, f, "detections.json"))));

        var page = await chromium.OpenAsync(_errors);
        await page.GotoAsync(new Uri(index).AbsoluteUri);

        // The gallery: a card per photo with results, its objects counted per label as detections.json has them, every thumbnail shown.
        var cards = page.Locator("#cards li");
        await Assertions.Expect(cards).ToHaveCountAsync(folders.Length);
        foreach (var folder in folders)
        {
            var card = page.Locator($"#cards li[data-folder=\"{folder}\"]");
            await Assertions.Expect(card.Locator(".counts")).ToHaveTextAsync(Counts(detections[folder].Annotations));
        }

        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#cards img')].every(i => i.complete && i.naturalWidth > 0)");
        await Assertions.Expect(page.Locator("#failure-rows tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#failure-rows tr td").Nth(0)).ToHaveTextAsync("broken.jpg");
        await Assertions.Expect(page.Locator("#failure-rows tr td").Nth(2)).ToHaveTextAsync("ImageUnreadable");

        // Filtered by a label and a score: the photos that have such an instance, by detections.json. The tiny detector
        // finds the same objects in every photo, so the cases are chosen to keep every photo and to keep none.
        var kept = new List<int>();
        var aboveEveryKeyboard = detections.Values.SelectMany(d => d.Annotations).Where(a => a.ClassName == "keyboard").Max(a => a.Score) + 0.001f;
        foreach (var (label, minScore) in new[] { ("mouse", 0f), ("monitor", 0.5f), ("keyboard", aboveEveryKeyboard) })
        {
            await page.SelectOptionAsync("#label", $"label:{label}");
            await page.FillAsync("#min-score", minScore.ToString(CultureInfo.InvariantCulture));
            var expected = folders.Where(f => detections[f].Annotations.Any(a => a.ClassName == label && a.Score >= minScore)).ToList();
            await Assertions.Expect(page.Locator("#showing")).ToContainTextAsync($"Showing {expected.Count} of {folders.Length} photos with results (label “{label}”");
            await Assertions.Expect(cards).ToHaveCountAsync(expected.Count);
            Assert.Equal(expected.Order(StringComparer.Ordinal), (await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.folder)")).Order(StringComparer.Ordinal));
            kept.Add(expected.Count);
        }

        Assert.Contains(folders.Length, kept);
        Assert.Contains(0, kept);
        await page.SelectOptionAsync("#label", "");
        await page.FillAsync("#min-score", "0");
        await Assertions.Expect(cards).ToHaveCountAsync(folders.Length);
        await SaveScreenshotForDocsAsync(page, "viewer-gallery.png");

        // One photo: the table is detections.json, row by row.
        await page.Locator("#cards li[data-folder=\"desk-1\"] a").ClickAsync();
        await Assertions.Expect(page.Locator("#photo")).ToBeVisibleAsync();
        Assert.EndsWith("#photo=desk-1", page.Url, StringComparison.Ordinal);
        var document = detections["desk-1"];
        var rows = await page.Locator("#detection-rows tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.instance, ...[...r.cells].slice(1).map(c => c.textContent)])");
        Assert.Equal(document.Annotations.Select(a => new[]
        {
            a.InstanceId, a.InstanceId, a.ClassName, F2(a.Score), F2(a.DetectorScore), F2(a.MaskScore), a.Area.ToString("N0", CultureInfo.InvariantCulture),
            string.Join(", ", a.Bbox.Select(F1)),
        }), rows);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#stage img')].every(i => i.complete && i.naturalWidth > 0)");
        await SaveScreenshotForDocsAsync(page, "viewer-photo.png");

        // An instance switched off and on: its pixels lose and regain its colour; a pixel outside every mask never changes.
        await page.UncheckAsync("#show-boxes");
        var masks = document.Annotations.Select(a => ReadMask(Path.Combine(_out, "desk-1", a.MaskFile))).ToList();
        var target = 0;
        var stage = page.Locator("#stage");
        var on = await ScreenshotAsync(stage);
        var toggle = page.Locator($"#detection-rows input[data-instance=\"{document.Annotations[target].InstanceId}\"]");
        await toggle.UncheckAsync();
        await Assertions.Expect(page.Locator($"#stage img.mask[data-instance=\"{document.Annotations[target].InstanceId}\"]")).ToBeHiddenAsync();
        var off = await ScreenshotAsync(stage);
        var radius = (int)Math.Ceiling(3.0 * document.ImgWidth / on.Width);
        var (inside, outside) = (Interior(masks[target], [.. masks.Where((_, i) => i != target)], radius), Interior(null, masks, radius));
        var (insideOn, insideOff) = (Sample(on, inside, document), Sample(off, inside, document));
        Assert.True(Near(insideOn, Blend(insideOff, Palette[target]), tolerance: 14), $"mask on {insideOn}, off {insideOff}, expected {Blend(insideOff, Palette[target])}");
        Assert.True(Near(Sample(on, outside, document), Sample(off, outside, document), tolerance: 3));
        await toggle.CheckAsync();
        Assert.True(Near(Sample(await ScreenshotAsync(stage), inside, document), insideOn, tolerance: 3));

        // The merged mask: the inpainting mask's white (the objects, ObjectsWhite) is tinted where it is shown.
        await page.ClickAsync("#no-masks");
        var bare = await ScreenshotAsync(stage);
        await page.CheckAsync("#show-merged");
        var merged = await ScreenshotAsync(stage);
        Assert.False(Near(Sample(merged, inside, document), Sample(bare, inside, document), tolerance: 20));
        Assert.True(Near(Sample(merged, outside, document), Sample(bare, outside, document), tolerance: 3));

        // Back to the gallery, and into the photo whose folder name a URL must encode.
        await page.ClickAsync("#back");
        await Assertions.Expect(page.Locator("#gallery")).ToBeVisibleAsync();
        await page.Locator("#cards li[data-folder=\"odd #1 100%\"] a").ClickAsync();
        await Assertions.Expect(page.Locator("#photo-name")).ToHaveTextAsync("odd #1 100%.jpg");
        await Assertions.Expect(page.Locator("#detection-rows tr")).ToHaveCountAsync(detections["odd #1 100%"].Annotations.Count);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#stage img')].every(i => i.complete && i.naturalWidth > 0)");

        Assert.Empty(_errors);
    }

    // As the page prints a number: the JSON's shortest form of the float, read as a double, then rounded.
    private static string F2(float value) => AsDouble(value).ToString("0.00", CultureInfo.InvariantCulture);

    private static string F1(float value) => AsDouble(value).ToString("0.0", CultureInfo.InvariantCulture);

    private static double AsDouble(float value) => double.Parse(value.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static BinaryMask ReadMask(string path)
    {
        using var stream = File.OpenRead(path);
        return MaskPng.Read(stream);
    }

    private static string Counts(IReadOnlyList<DetectionsDocument.Annotation> annotations)
    {
        var groups = annotations.GroupBy(a => a.ClassName).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}");
        return annotations.Count == 0 ? "0 objects: nothing found" : $"{annotations.Count} object{(annotations.Count == 1 ? "" : "s")}: {string.Join(" · ", groups)}";
    }

    private static async Task<Image<Rgb24>> ScreenshotAsync(ILocator locator) => Image.Load<Rgb24>(await locator.ScreenshotAsync());

    // The photo pixel (x, y) in a screenshot of the stage, which shows the photo scaled to its size.
    private static Rgb24 Sample(Image<Rgb24> shot, (int X, int Y) point, DetectionsDocument document) =>
        shot[(int)((point.X + 0.5) * shot.Width / document.ImgWidth), (int)((point.Y + 0.5) * shot.Height / document.ImgHeight)];

    /// <summary>A pixel whose whole neighbourhood is inside <paramref name="inside"/> (everywhere when null) and outside every mask of <paramref name="outside"/>.</summary>
    private static (int X, int Y) Interior(BinaryMask? inside, List<BinaryMask> outside, int radius)
    {
        var (width, height) = (outside[0].Width, outside[0].Height);
        for (var y = radius; y < height - radius; y += radius)
        {
            for (var x = radius; x < width - radius; x += radius)
            {
                var fits = true;
                for (var dy = -radius; dy <= radius && fits; dy++)
                {
                    for (var dx = -radius; dx <= radius && fits; dx++)
                    {
                        fits = (inside is null || inside[x + dx, y + dy]) && !outside.Any(m => m[x + dx, y + dy]);
                    }
                }

                if (fits)
                {
                    return (x, y);
                }
            }
        }

        throw new InvalidOperationException("No pixel with a clear neighbourhood: the test photo does not suit the check.");
    }

    private static Rgb24 Blend(Rgb24 under, Rgb24 colour) => new(
        (byte)Math.Round((under.R * (1 - MaskOpacity)) + (colour.R * MaskOpacity)),
        (byte)Math.Round((under.G * (1 - MaskOpacity)) + (colour.G * MaskOpacity)),
        (byte)Math.Round((under.B * (1 - MaskOpacity)) + (colour.B * MaskOpacity)));

    private static bool Near(Rgb24 a, Rgb24 b, int tolerance) =>
        Math.Abs(a.R - b.R) <= tolerance && Math.Abs(a.G - b.G) <= tolerance && Math.Abs(a.B - b.B) <= tolerance;

    /// <summary>With <c>GSAM_UPDATE_SCREENSHOTS=1</c>, the page as the test sees it becomes the docs' screenshot.</summary>
    private static async Task SaveScreenshotForDocsAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("GSAM_UPDATE_SCREENSHOTS") == "1")
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Root, "docs", name), FullPage = true });
        }
    }
}
