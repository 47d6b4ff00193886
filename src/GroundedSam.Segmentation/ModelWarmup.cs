using GroundedSam.Pipeline.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GroundedSam.Segmentation;

/// <summary>
/// Opens the model sessions at start, so a missing or wrong model file stops the worker at boot, not on its first job,
/// and announces the device they run on (<see cref="PipelineMetrics.RunsOn"/>).
/// </summary>
public sealed class ModelWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var inference = services.GetRequiredService<GatedInference>();
        services.GetRequiredService<PipelineMetrics>().RunsOn(inference.Models.Device);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
