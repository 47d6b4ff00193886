using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>
/// An HTTP server on 127.0.0.1 serving byte arrays, with Range support like a CDN's; it records every request's
/// Range header and can be told to cut a response short or to ignore Range, to exercise resuming.
/// </summary>
public sealed class LocalFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly Task _loop;

    public LocalFileServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>The Range header of each request in order ("" for none).</summary>
    public ConcurrentQueue<string> Ranges { get; } = new();

    /// <summary>The next this-many responses stop after half their body, then the connection drops.</summary>
    public int CutShort { get; set; }

    public bool IgnoreRange { get; set; }

    public Uri Add(string path, byte[] content)
    {
        _files[path] = content;
        return new Uri(BaseUrl, path);
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await RespondAsync(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away, or a cut-short response was aborted on purpose.
            }
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var range = context.Request.Headers["Range"] ?? string.Empty;
        Ranges.Enqueue(range);
        var response = context.Response;
        if (!_files.TryGetValue(context.Request.Url!.AbsolutePath.TrimStart('/'), out var content))
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }

        long start = 0;
        if (range.StartsWith("bytes=", StringComparison.Ordinal) && !IgnoreRange)
        {
            start = long.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
            response.StatusCode = 206;
            response.AddHeader("Content-Range", $"bytes {start}-{content.Length - 1}/{content.Length}");
        }

        var body = content.AsMemory((int)start);
        response.ContentLength64 = body.Length;
        if (CutShort > 0)
        {
            CutShort--;
            await response.OutputStream.WriteAsync(body[..(body.Length / 2)]);
            await response.OutputStream.FlushAsync();
            response.Abort();
            return;
        }

        await response.OutputStream.WriteAsync(body);
        response.Close();
    }
}
