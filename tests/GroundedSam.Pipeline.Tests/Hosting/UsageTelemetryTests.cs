using System.Collections.Concurrent;
using System.Diagnostics;
using GroundedSam.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace GroundedSam.Pipeline.Tests.Hosting;

/// <summary>
/// A started bus makes no outbound call: MassTransit's usage telemetry, on by default in 8.4+, reports to its vendor
/// 30 s after the bus starts at the earliest (the test asks for the earliest); with gsam's defaults nothing is sent
/// within 45 s. Opted in, the report's request is seen, which proves the observer would see it.
/// </summary>
public sealed class UsageTelemetryTests
{
    [Fact(Timeout = 180_000)]
    public async Task StartedBus_Defaults_MakesNoOutboundCall()
    {
        using var requests = new OutgoingRequests();
        var host = await UsageTelemetryHost.StartAsync(setting: null);

        var called = await requests.WaitForAnyAsync(TimeSpan.FromSeconds(45));
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.False(called, $"outbound requests: {requests}");
    }

    // The control, in the same class so that the two never run at once (the observer sees the whole process).
    [Fact(Timeout = 180_000)]
    public async Task StartedBus_OptedIn_ReportsWithinTheMinimumDelay()
    {
        using var requests = new OutgoingRequests();
        var host = await UsageTelemetryHost.StartAsync(setting: "true");

        var called = await requests.WaitForAnyAsync(TimeSpan.FromSeconds(120));
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.True(called);
    }
}

internal static class UsageTelemetryHost
{
    public static async Task<IHost> StartAsync(string? setting)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [BusDefaults.UsageTelemetrySetting] = setting });
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddGsamDefaults(builder.Configuration);

            // Report as early as MassTransit allows (it waits at least 30 s; 5 min by default), so the windows are short.
            bus.ConfigureUsageTelemetryOptions(o => o.ReportDelay = TimeSpan.Zero);
            bus.UsingInMemory();
        });
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }
}

/// <summary>Every HTTP request this process starts, from System.Net.Http's diagnostic events.</summary>
internal sealed class OutgoingRequests : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ConcurrentQueue<string> _seen = new();
    private readonly List<IDisposable> _subscriptions = [];

    public OutgoingRequests() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public async Task<bool> WaitForAnyAsync(TimeSpan window)
    {
        var clock = Stopwatch.StartNew();
        while (_seen.IsEmpty && clock.Elapsed < window)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return !_seen.IsEmpty;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "HttpHandlerDiagnosticListener")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key.EndsWith(".Start", StringComparison.Ordinal) || value.Key == "System.Net.Http.Request")
        {
            _seen.Enqueue(value.Key);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public override string ToString() => string.Join(", ", _seen);

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
