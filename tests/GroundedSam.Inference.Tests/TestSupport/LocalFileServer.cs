using System.Collections.Concurrent;
using System.Net;
using GroundedSam.Testing;

namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>
/// An HTTP server on 127.0.0.1 serving byte arrays, with Range support like a CDN's; it records every request's
/// Range header and can be told to cut a response short or to ignore Range, to exercise resuming.
/// </summary>
public sealed class LocalFileServer : LoopbackHttpServer
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();

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

    protected override async Task RespondAsync(HttpListenerContext context)
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
