namespace GroundedSam.Cli.Tests.CommandLine;

/// <summary>Options that parse but are probably not meant: said before any photo is read, and the run goes on.</summary>
public sealed class PromptWarningTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("gsam-warn-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task Segment_PromptWithoutDotsAndLabelsItLacks_WarnsAndStillRuns()
    {
        var photo = Path.Combine(_out, "desk.jpg");
        await File.WriteAllBytesAsync(photo, Testing.SyntheticPhotos.Jpeg(160, 120), TestContext.Current.CancellationToken);

        var summary = Path.Combine(_out, "s", "summary.json");
        var (exit, output) = await Gsam.RunAsync("segment", photo, "--prompt", "monitor keyboard", "--labels", "screen,monitor keyboard", "--out", Path.Combine(_out, "o"),
            "--models", Gsam.TinyModels, "--cpu", "--json", summary);

        Assert.Equal(0, exit);
        using (var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(summary, TestContext.Current.CancellationToken)))
        {
            var result = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray());
            Assert.Equal(("desk.jpg", "ok"), (result.GetProperty("name").GetString(), result.GetProperty("status").GetString()));
            Assert.Equal(["monitor keyboard"], result.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        }

        Assert.Contains("warning: The prompt \"monitor keyboard\" has no dots, so it is one category. To find each object, separate them: \"monitor. keyboard.\"", output, StringComparison.Ordinal);
        Assert.Contains("warning: --labels names \"screen\", which the prompt does not (monitor keyboard), so no object can carry them.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("monitor. keyboard.", "screen", "so no object can join the merged mask: it will be empty")]
    [InlineData("monitor", null, null)]
    [InlineData("desk lamp.", "Desk Lamp", null)]
    public void Warnings_PromptAndLabels_OnlyWhatCannotBeMeant(string prompt, string? labels, string? expected)
    {
        var request = new Inference.SegmentationRequest(prompt);
        var merge = new Masks.MergeOptions { Labels = labels?.Split(',') };

        var warnings = JobOptions.Warnings(request, merge);

        if (expected is null)
        {
            Assert.Empty(warnings);
        }
        else
        {
            Assert.Contains(expected, Assert.Single(warnings), StringComparison.Ordinal);
        }
    }
}
