using GroundedSam.Testing;

namespace GroundedSam.Cli.Tests.Run;

/// <summary>
/// <c>gsam run</c> must always end: with special files and crashing photos in the folder, and on Ctrl-C or SIGTERM,
/// with a summary and the finished photos' results written.
/// </summary>
public sealed class RunHostileInputTests : IDisposable
{
    private const string Prompt = "monitor. keyboard. mouse.";
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-run-hostile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact(Timeout = 240_000)]
    public async Task Run_FolderOfSpecialAndCrashingFiles_EndsNamingEachFailure()
    {
        var photos = Path.Combine(_root, "photos");
        var output = Path.Combine(_root, "out");
        HostileFolder.Create(photos);

        var (exit, text) = await Gsam.RunAsync("run", photos, "--prompt", Prompt, "--out", output, "--models", Gsam.TinyModels, "--cpu");

        Assert.Equal(1, exit);
        Assert.Contains($"{HostileFolder.Good.Length} of {HostileFolder.Good.Length + HostileFolder.Bad.Length} photo(s) ready for inpainting", text, StringComparison.Ordinal);
        foreach (var (file, reason) in HostileFolder.Bad)
        {
            Assert.Contains(text.Split('\n'), line => line.StartsWith($"✗ {TerminalText.Safe(file)}: ", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal));
        }

        foreach (var (_, folder, width, height) in HostileFolder.Good)
        {
            using var mask = SixLabors.ImageSharp.Image.Load(Path.Combine(output, folder, "merged-mask.png"));
            Assert.Equal((width, height), (mask.Width, mask.Height));
        }

        Assert.DoesNotContain('\u001b', text);
    }

    [Fact(Timeout = 240_000)]
    public async Task Run_CtrlC_StopsWithASummaryAndTheFinishedPhotosWritten()
    {
        var photos = Many(200);
        var output = Path.Combine(_root, "out");
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var console = new ConsoleCapture();

        var run = Gsam.RunAsync(console, ctrlC.Token, "run", photos, "--prompt", Prompt, "--out", output, "--models", Gsam.TinyModels, "--cpu");
        Assert.True(await console.WaitForAsync("✓ p", TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken), console.ToString());
        await ctrlC.CancelAsync();
        var (exit, text) = await run;

        Assert.Equal(130, exit);
        var ready = int.Parse(Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, @"Interrupted: (\d+) of 200 photo\(s\) ready")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ready, 1, 199);
        Assert.Equal(ready, Directory.GetDirectories(output).Count(d => File.Exists(Path.Combine(d, "merged-mask.png"))));
    }

    [Theory(Timeout = 240_000)]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Run_Signal_ProcessStopsWithASummaryAndExit130(string signal)
    {
        var photos = Many(300);
        await using var gsam = GsamProcess.Start(defaultSigint: signal == "INT",
            "run", photos, "--prompt", Prompt, "--out", Path.Combine(_root, "out"), "--models", Gsam.TinyModels, "--cpu");
        Assert.True(await gsam.Output.WaitForAsync("✓ p", TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken), gsam.Output.ToString());

        if (signal == "INT")
        {
            gsam.Interrupt();
        }
        else
        {
            gsam.Terminate();
        }

        var exit = await gsam.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 130, $"exit {exit?.ToString() ?? "none (still running)"}:\n{gsam.Output}");
        Assert.Matches(@"Interrupted: \d+ of 300 photo\(s\) ready for inpainting", gsam.Output.ToString());
    }

    private string Many(int count)
    {
        var photos = Path.Combine(_root, "many");
        Directory.CreateDirectory(photos);
        var jpeg = SyntheticPhotos.Jpeg(320, 240);
        for (var i = 0; i < count; i++)
        {
            File.WriteAllBytes(Path.Combine(photos, $"p{i:D3}.jpg"), jpeg);
        }

        return photos;
    }
}
