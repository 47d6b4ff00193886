using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Pipeline.Merging;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Segmentation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GroundedSam.Cli;

/// <summary>
/// Both stages on this machine, over a folder as the object store: the services the workers run, configured from the
/// command line. <c>gsam segment</c> calls the jobs directly; <c>gsam run</c> adds MassTransit's in-memory transport.
/// </summary>
internal static class LocalStages
{
    /// <summary>Retries of a failure the stages think transient; a local folder rarely has any.</summary>
    public const int RetryLimit = 2;

    public static HostApplicationBuilder CreateBuilder(string store, ModelPaths models, ExecutionOptions execution)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var retries = RetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:Folder"] = models.Folder,
            ["Execution:PreferCuda"] = execution.PreferCuda.ToString(),
            ["Execution:CudaDeviceId"] = execution.CudaDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Segmentation:RetryLimit"] = retries,
            ["Merge:RetryLimit"] = retries,
        });
        builder.Configuration.AddOpenTelemetryEnvironment();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.AddPipelineTelemetry();
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        builder.Services.AddFolderObjectStore(store).AddSegmentationStage().AddMergeStage();
        return builder;
    }
}
