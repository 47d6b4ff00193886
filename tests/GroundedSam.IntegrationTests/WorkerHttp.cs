using System.Net;

namespace GroundedSam.IntegrationTests;

/// <summary>A worker process's HTTP port as an orchestrator or a scraper sees it: a free port, readiness, a page.</summary>
internal static class WorkerHttp
{
    public static readonly TimeSpan Deadline = Eventually.Deadline;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<HttpStatusCode> StatusAsync(int port, string path) =>
        (await Http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), TestContext.Current.CancellationToken)).StatusCode;

    /// <summary>Polls <c>/health/ready</c> until it answers <paramref name="expected"/>, or the deadline passes.</summary>
    public static Task<bool> ReadyBecomesAsync(int port, HttpStatusCode expected) =>
        PageBecomesAsync(port, "/health/ready", (status, _) => status == expected);

    /// <summary>Polls a page until <paramref name="condition"/> holds for its status and text, or the deadline passes.</summary>
    public static async Task<bool> PageBecomesAsync(int port, string path, Func<HttpStatusCode, string, bool> condition)
    {
        var page = await Eventually.ReadAsync(() => ReadAsync(port, path), p => p is { } read && condition(read.Status, read.Text), TimeSpan.FromMilliseconds(250));
        return page is { } last && condition(last.Status, last.Text);
    }

    private static async Task<(HttpStatusCode Status, string Text)?> ReadAsync(int port, string path)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), TestContext.Current.CancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        catch (HttpRequestException)
        {
            return null; // Not listening yet.
        }
        catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null; // A request that took longer than its own timeout: try again.
        }
    }

    /// <summary>The text of a page.</summary>
    public static Task<string> TextAsync(int port, string path) =>
        Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}{path}"), TestContext.Current.CancellationToken);
}
