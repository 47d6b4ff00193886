using GroundedSam.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GroundedSam.Testing;

/// <summary>
/// In-process hosts for tests and benchmarks: a worker host built as a worker program builds it (the caller adds the
/// stage: <c>AddSegmentationWorker</c>, <c>AddMaskMergeWorker</c>), and a listener on the pipeline's events.
/// </summary>
public static class TestHosts
{
    /// <summary>Builds and starts a host from <paramref name="settings"/> with what <paramref name="add"/> registers.</summary>
    public static async Task<IHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IHostApplicationBuilder> add, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        add(builder);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>
    /// A started host whose <typeparamref name="TConsumer"/> (registered by <paramref name="register"/>, or by the
    /// container) receives the pipeline's events on a temporary queue of the broker in <paramref name="settings"/>.
    /// </summary>
    public static Task<IHost> StartListenerAsync<TConsumer>(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> register,
        CancellationToken cancellationToken = default)
        where TConsumer : class, IConsumer => StartAsync(settings, builder =>
        {
            register(builder.Services);
            builder.Services.AddPipelineListener<TConsumer>(builder.Configuration);
            builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
            {
                o.WaitUntilStarted = true;
                o.StartTimeout = TimeSpan.FromSeconds(60);
            });
        }, cancellationToken);
}
