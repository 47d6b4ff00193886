using System.Collections.Concurrent;
using GroundedSam.Cli.Folders;
using GroundedSam.Cli.Viewer;
using GroundedSam.Contracts;
using GroundedSam.Inference.Outputs;
using GroundedSam.Testing;
using Microsoft.Playwright;

namespace GroundedSam.Cli.Tests.Viewer;

/// <summary>
/// The viewer's page over results folders the tests lay out themselves: 5,000 photos (the gallery loads a screenful
/// of thumbnails, filters and sorts them all), hostile labels, names and mask paths (shown as text, never run or
/// followed), and the page's place in <c>--out</c> (it replaces only a page gsam wrote).
/// </summary>
public sealed class ResultsPageTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    private static readonly byte[] Thumbnail = SyntheticPhotos.Jpeg(32, 24);

    private readonly string _out = Directory.CreateTempSubdirectory("gsam-viewer-page-").FullName;
    private readonly ConcurrentQueue<string> _errors = new();

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task Page_FiveThousandPhotos_LoadsOnlyTheThumbnailsInView_AndFiltersAndSortsThemAll()
    {
        const int count = 5000;
        var photos = new List<ResultsPage.Photo>();
        var cupScores = new float[count];
        for (var i = 0; i < count; i++)
        {
            // Every photo has a cup scoring (i mod 100) / 100; every 719th also a "rare" object, every 30th a "some"
            // (167 photos: more than the cards built at once); every 1000th failed.
            var folder = $"photo-{i:D4}";
            if (i % 1000 == 999)
            {
                photos.Add(new ResultsPage.Photo($"{folder}.jpg", null, "failed", "ImageUnreadable", "not an image"));
                continue;
            }

            cupScores[i] = i % 100 / 100f;
            var annotations = new List<(string, float)> { ("cup", cupScores[i]) };
            if (i % 719 == 0)
            {
                annotations.Add(("rare", 0.5f));
            }

            if (i % 30 == 0)
            {
                annotations.Add(("some", 0.4f));
            }

            WriteFolder(folder, annotations, pictures: [JobFiles.Thumbnail, JobFiles.Preview]);
            photos.Add(new ResultsPage.Photo($"{folder}.jpg", folder, "ok"));
        }

        var index = await ResultsPage.WriteAsync(_out, "five thousand", photos, TestContext.Current.CancellationToken);
        var page = await chromium.OpenAsync(_errors);
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        await page.GotoAsync(new Uri(index).AbsoluteUri);

        var cards = page.Locator("#cards li");
        await Assertions.Expect(page.Locator("#showing")).ToHaveTextAsync("Showing 4,995 of 4,995 photos with results.");
        await Assertions.Expect(page.Locator("#failure-rows tr")).ToHaveCountAsync(5);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#cards img')].filter(i => i.complete && i.naturalWidth > 0).length >= 6");

        // A screenful of cards is built, and of those only the thumbnails near the view are loaded: no preview, overlay or mask.
        var built = await cards.CountAsync();
        Assert.InRange(built, 1, 240);
        var loaded = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('img')].filter(i => i.complete && i.naturalWidth > 0).length");
        Assert.InRange(loaded, 6, built - 1);
        var requested = requests.ToArray();
        Assert.DoesNotContain(requested, url => !url.EndsWith("/thumbnail.jpg", StringComparison.Ordinal) && !url.EndsWith("/index.html", StringComparison.Ordinal));
        Assert.InRange(requested.Count(url => url.EndsWith("/thumbnail.jpg", StringComparison.Ordinal)), 6, built - 1);

        // Scrolled to the end, more cards are built.
        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#cards li').length > {built}");

        // A filter that keeps 167 photos, scrolled to its end, then taken back: the list is built anew from its start
        // while the end of the list is still in view, and must go on growing without another scroll.
        await page.SelectOptionAsync("#label", "label:some");
        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        await Assertions.Expect(cards).ToHaveCountAsync(167);
        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        await page.SelectOptionAsync("#label", "");
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#cards li').length > {built}");

        // Filtered: every photo is considered, not only the cards built.
        await page.SelectOptionAsync("#label", "label:rare");
        var rare = Enumerable.Range(0, count).Where(i => i % 719 == 0 && i % 1000 != 999).Select(i => $"photo-{i:D4}").ToList();
        await Assertions.Expect(cards).ToHaveCountAsync(rare.Count);
        Assert.Equal(rare, await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.folder)"));

        await page.SelectOptionAsync("#label", "label:cup");
        await page.FillAsync("#min-score", "0.95");
        var good = Enumerable.Range(0, count).Count(i => i % 1000 != 999 && cupScores[i] >= 0.95f);
        await Assertions.Expect(page.Locator("#showing")).ToHaveTextAsync($"Showing {good:N0} of 4,995 photos with results (label “cup”, score ≥ 0.95).");

        // Sorted by the best score: the first card is the earliest photo with the highest cup score.
        await page.FillAsync("#min-score", "0");
        await page.SelectOptionAsync("#sort", "best");
        var best = Enumerable.Range(0, count).Where(i => i % 1000 != 999).OrderByDescending(i => cupScores[i]).ThenBy(i => i).First();
        await Assertions.Expect(cards.First).ToHaveAttributeAsync("data-folder", $"photo-{best:D4}");
        await page.SelectOptionAsync("#sort", "worst");
        await Assertions.Expect(cards.First).ToHaveAttributeAsync("data-folder", "photo-0000");

        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Page_HostileLabelsNamesAndMaskPaths_AreShownAsTextAndNeverFollowed()
    {
        const string label = "</script><img src=x onerror=\"window.pwned=1\"><!--";
        const string name = "<b onmouseover=alert(1)>bold</b> & \u2028 '\".jpg";
        WriteFolder("hostile", [(label, 0.9f), ("cup", 0.8f), ("", 0.7f)], pictures: [JobFiles.Thumbnail, JobFiles.Preview],
            maskFiles: ["../../../../etc/passwd", "masks/cup-1.png", "masks/object-1.png"], prompt: "<!-- </script> cup.");
        WriteFolder("plain", [("cup", 0.5f)], pictures: [JobFiles.Thumbnail]);
        var index = await ResultsPage.WriteAsync(_out, "</title><script>window.pwned=1</script>",
            [new ResultsPage.Photo(name, "hostile", "ok"), new ResultsPage.Photo("<i>failed</i>.jpg", null, "failed", "<script>x</script>", "</td></tr></table>"),
                new ResultsPage.Photo("plain.jpg", "plain", "ok")],
            TestContext.Current.CancellationToken);

        var page = await chromium.OpenAsync(_errors);
        await page.GotoAsync(new Uri(index).AbsoluteUri);

        // The empty label (a box the prompt did not name, under --reference) is a label of its own, not "all labels".
        await Assertions.Expect(page.Locator("#cards li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#label option[value='label:']")).ToHaveTextAsync("(no label) (1)");
        await page.SelectOptionAsync("#label", "label:");
        await Assertions.Expect(page.Locator("#cards li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("</title><script>window.pwned=1</script>");
        await Assertions.Expect(page.Locator("#cards .name")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator($"#label option[value='label:{label}']")).ToHaveTextAsync($"{label} (1)");
        await Assertions.Expect(page.Locator("#failure-rows td").Nth(0)).ToHaveTextAsync("<i>failed</i>.jpg");
        await Assertions.Expect(page.Locator("#failure-rows td").Nth(3)).ToHaveTextAsync("</td></tr></table>");

        await page.Locator("#cards li a").ClickAsync();
        await Assertions.Expect(page.Locator("#detection-rows tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#detection-rows tr").First.Locator("td").Nth(2)).ToHaveTextAsync(label);

        // The mask path that leaves the folder is not referenced at all: its instance has no layer and its switch is off.
        var sources = await page.Locator("img").EvaluateAllAsync<string[]>("images => images.map(i => i.getAttribute('src') || '')");
        Assert.DoesNotContain(sources, s => s.Contains("passwd", StringComparison.Ordinal) || s.Contains("..", StringComparison.Ordinal));
        Assert.Contains("hostile/masks/cup-1.png", sources);
        await Assertions.Expect(page.Locator("#detection-rows input").First).ToBeDisabledAsync();
        Assert.Null(await page.EvaluateAsync<object?>("() => window.pwned"));
        Assert.Empty(_errors);

        // Nothing the data holds can close the data's <script> element or open a comment in the page's markup.
        var html = await File.ReadAllTextAsync(index, TestContext.Current.CancellationToken);
        var data = html[html.IndexOf("id=\"gsam-data\">", StringComparison.Ordinal)..];
        data = data[..data.IndexOf("</script>", StringComparison.Ordinal)];
        Assert.DoesNotContain("<", data[1..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ReplacesItsOwnPage_ButNotAnyoneElsesFile()
    {
        WriteFolder("desk", [("cup", 0.9f)], pictures: [JobFiles.Thumbnail]);
        var photos = new[] { new ResultsPage.Photo("desk.jpg", "desk", "ok") };
        var index = await ResultsPage.WriteAsync(_out, "first", photos, TestContext.Current.CancellationToken);
        await ResultsPage.WriteAsync(_out, "second", photos, TestContext.Current.CancellationToken);
        Assert.Contains("<title>second</title>", await File.ReadAllTextAsync(index, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await File.WriteAllTextAsync(index, "<html>my own page</html>", TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<OutputConflictException>(() => ResultsPage.WriteAsync(_out, "third", photos, TestContext.Current.CancellationToken));
        Assert.Equal("<html>my own page</html>", await File.ReadAllTextAsync(index, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Read_UnreadableDetections_BecomeAFailureWithItsReason_AndMissingPicturesAreLeftOut()
    {
        Directory.CreateDirectory(Path.Combine(_out, "broken"));
        File.WriteAllText(Path.Combine(_out, "broken", JobFiles.Detections), "{ not json");
        WriteFolder("bare", [("cup", 0.9f)], pictures: []);

        var read = ResultsPage.Read(_out, [new("broken.jpg", "broken", "ok"), new("bare.jpg", "bare", "ok"), new("gone.jpg", "gone", "ok")]);

        Assert.Equal(("failed", "ResultsUnreadable"), (read[0].Status, read[0].Reason));
        Assert.Equal("ok", read[1].Status);
        Assert.Equal([JobFiles.Detections], read[1].Files);
        Assert.Equal("masks/cup-1.png", read[1].Instances.Single().Mask);
        Assert.Equal(("failed", "ResultsUnreadable"), (read[2].Status, read[2].Reason));
    }

    [Theory]
    [InlineData("""{"annotations":[null],"img_width":4,"img_height":4}""")]
    [InlineData("""{"annotations":[{"class_name":"cup","instance_id":"cup-1","bbox":[0,0,1,1],"score":1e39,"detector_score":0.5,"mask_score":0.5,"area":1,"mask_file":"masks/cup-1.png"}],"img_width":4,"img_height":4}""")]
    [InlineData("""{"annotations":[{"class_name":null,"instance_id":"cup-1","bbox":[0,0,1,1],"score":0.5,"detector_score":0.5,"mask_score":0.5,"area":1,"mask_file":"masks/cup-1.png"}],"img_width":4,"img_height":4}""")]
    [InlineData("""{"annotations":[{"class_name":"cup","instance_id":"cup-1","bbox":[0,0,1],"score":0.5,"detector_score":0.5,"mask_score":0.5,"area":1,"mask_file":"masks/cup-1.png"}],"img_width":4,"img_height":4}""")]
    [InlineData("""{"annotations":[],"img_width":0,"img_height":4}""")]
    [InlineData("""[]""")]
    public async Task Write_ForgedDetections_NameThePhotoResultsUnreadable_AndTheOthersStayOnThePage(string json)
    {
        Directory.CreateDirectory(Path.Combine(_out, "forged"));
        await File.WriteAllTextAsync(Path.Combine(_out, "forged", JobFiles.Detections), json, TestContext.Current.CancellationToken);
        WriteFolder("desk", [("cup", 0.9f)], pictures: [JobFiles.Thumbnail]);

        var read = ResultsPage.Read(_out, [new("forged.jpg", "forged", "ok"), new("desk.jpg", "desk", "ok")]);
        var page = ResultsPage.Render("forged", read);

        Assert.Equal(("failed", "ResultsUnreadable"), (read[0].Status, read[0].Reason));
        Assert.Equal(("ok", 1), (read[1].Status, read[1].Instances.Count));
        Assert.DoesNotContain('\r', page);
    }

    /// <summary>A photo's folder as the pipeline writes it: detections.json, a 1×1-pixel mask per instance, and the given pictures.</summary>
    private void WriteFolder(string folder, IReadOnlyList<(string Label, float Score)> annotations, string[] pictures, string[]? maskFiles = null, string prompt = "cup.")
    {
        var root = Directory.CreateDirectory(Path.Combine(_out, folder, "masks")).Parent!.FullName;
        var document = new DetectionsDocument("photo.jpg", [.. annotations.Select((a, i) =>
            {
                var mask = maskFiles?[i] ?? $"masks/{a.Label}-{i + 1}.png";
                if (mask.StartsWith("masks/", StringComparison.Ordinal))
                {
                    File.WriteAllBytes(Path.Combine(root, mask), Masks.MaskPng.Encode(new Masks.BinaryMask(32, 24)));
                }

                return new DetectionsDocument.Annotation(a.Label, $"{a.Label}-{i + 1}", [1, 2, 30, 20], new([24, 32], "0"), a.Score, a.Score, a.Score, 100, mask);
            })], 32, 24, prompt);
        File.WriteAllBytes(Path.Combine(root, JobFiles.Detections), document.ToUtf8Json());
        foreach (var picture in pictures)
        {
            File.WriteAllBytes(Path.Combine(root, picture), Thumbnail);
        }
    }
}
