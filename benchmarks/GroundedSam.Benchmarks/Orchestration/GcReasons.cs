using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace GroundedSam.Benchmarks.Orchestration;

/// <summary>The runtime's own account of each garbage collection in a window: its generation and why it ran (GCStart's reason).</summary>
internal sealed class GcReasons : EventListener
{
    private static readonly string[] Names =
        ["small alloc", "induced", "low memory", "empty", "large alloc", "out of space (SOH)", "out of space (LOH)", "induced not forced", "internal tuning", "induced low memory", "induced compacting", "low memory host", "pm full gc", "low memory host blocking"];

    private readonly ConcurrentDictionary<string, int> _counts = new();
    private volatile bool _recording;

    public void Start() => _recording = true;

    /// <summary>Collections since <see cref="Start"/>, e.g. "gen 2 (large alloc)" → 21.</summary>
    public IReadOnlyDictionary<string, int> Stop()
    {
        _recording = false;
        return new Dictionary<string, int>(_counts);
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || eventData.Payload is null)
        {
            return;
        }

        if (eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            var kind = Convert.ToInt32(eventData.Payload[eventData.PayloadNames!.IndexOf("AllocationKind")], System.Globalization.CultureInfo.InvariantCulture);
            if (kind == 1)
            {
                var type = eventData.Payload[eventData.PayloadNames.IndexOf("TypeName")]?.ToString() ?? "?";
                var size = eventData.PayloadNames.IndexOf("ObjectSize") is var i and >= 0 ? eventData.Payload[i]?.ToString() : "?";
                _counts.AddOrUpdate($"LOH {type} {size}", 1, (_, n) => n + 1);
            }

            return;
        }

        if (!eventData.EventName.StartsWith("GCStart", StringComparison.Ordinal))
        {
            return;
        }

        var depth = Convert.ToInt32(eventData.Payload[eventData.PayloadNames!.IndexOf("Depth")], System.Globalization.CultureInfo.InvariantCulture);
        var reason = Convert.ToInt32(eventData.Payload[eventData.PayloadNames.IndexOf("Reason")], System.Globalization.CultureInfo.InvariantCulture);
        var key = $"gen {depth} ({(reason >= 0 && reason < Names.Length ? Names[reason] : reason.ToString(System.Globalization.CultureInfo.InvariantCulture))})";
        _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
    }
}
