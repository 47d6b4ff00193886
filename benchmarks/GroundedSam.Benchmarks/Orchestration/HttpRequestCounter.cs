using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace GroundedSam.Benchmarks.Orchestration;

/// <summary>
/// Counts the HTTP requests this process sends, by method, from .NET's own <c>http.client.request.duration</c>
/// (meter <c>System.Net.Http</c>, one measurement per request). In the orchestration benchmark the only HTTP client is
/// the S3 store's, so these are the S3 requests, the Minio client's own included.
/// </summary>
internal sealed class HttpRequestCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _byMethod = new(StringComparer.Ordinal);
    private volatile bool _counting;

    public HttpRequestCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            if (!_counting)
            {
                return;
            }

            var method = "?";
            foreach (var tag in tags)
            {
                if (tag.Key == "http.request.method")
                {
                    method = tag.Value?.ToString() ?? "?";
                }
            }

            _byMethod.AddOrUpdate(method, 1, (_, n) => n + 1);
        });
        _listener.Start();
    }

    public void Start() => _counting = true;

    /// <summary>Stops counting; returns the requests by method.</summary>
    public IReadOnlyDictionary<string, int> Stop()
    {
        _counting = false;
        // A request that ended just before the stop may still be recording; the listener runs its callbacks inline.
        return new SortedDictionary<string, int>(_byMethod, StringComparer.Ordinal);
    }

    public void Dispose() => _listener.Dispose();
}
