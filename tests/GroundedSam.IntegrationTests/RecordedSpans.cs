using System.Collections.Concurrent;
using System.Diagnostics;
using GroundedSam.Pipeline.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// Every ended span of the sources a worker exports (<see cref="TelemetryRegistration.Sources"/>), as an in-memory
/// exporter in this process receives them: the test's own, the in-process workers', the <c>gsam</c> command's.
/// </summary>
internal sealed class RecordedSpans : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly TracerProvider _provider;

    public RecordedSpans() =>
        _provider = Sdk.CreateTracerProviderBuilder().AddSource(TelemetryRegistration.Sources).AddProcessor(new Recorder(_spans)).Build();

    public IReadOnlyList<Activity> All => [.. _spans];

    /// <summary>The spans of one trace once <paramref name="complete"/> holds for them, or as they are at the deadline.</summary>
    public Task<List<Activity>> TraceAsync(ActivityTraceId traceId, Func<List<Activity>, bool> complete) =>
        Eventually.ReadAsync(() => _spans.Where(s => s.TraceId == traceId).ToList(), complete);

    /// <summary>The consumer type MassTransit tags its consume spans with ("…SegmentImageConsumer"), or "".</summary>
    public static string ConsumerType(Activity span) => span.GetTagItem("messaging.masstransit.consumer_type") as string ?? string.Empty;

    public void Dispose() => _provider.Dispose();

    private sealed class Recorder(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}
