using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace GroundedSam.Cli.Tests.Viewer;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c>, which <c>.ci/services</c> installs), driven by Playwright with
/// <c>ExecutablePath</c>: no browser is downloaded. <c>GSAM_CHROMIUM</c> names another binary. One browser for the
/// class; each test opens its own context (no cache or storage shared between tests).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("GSAM_CHROMIUM") is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"No Chromium found ({string.Join(", ", Candidates)}): install Debian's chromium (bash .ci/services start does) or set GSAM_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        // Generous, for Expect's conditions too: a shared CI machine under load can be slow; every wait is for a condition.
        Assertions.SetDefaultExpectTimeout(120_000);
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = true, Timeout = 120_000 });
    }

    /// <summary>A page in a fresh context whose console errors, uncaught exceptions and dialogs land in <paramref name="errors"/>.</summary>
    public async Task<IPage> OpenAsync(ConcurrentQueue<string> errors, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, DeviceScaleFactor = 1 });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Enqueue(error);
        page.Dialog += (_, dialog) =>
        {
            errors.Enqueue($"dialog: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
