using System.Collections;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace GroundedSam.Pipeline.Telemetry;

/// <summary>
/// OpenTelemetry for any host that runs or feeds a stage: the spans of <see cref="PipelineTracing"/>, of the models
/// (<c>GroundedSam.Inference</c>) and of MassTransit; the meters of <see cref="PipelineMetrics"/>, MassTransit and the
/// .NET runtime; trace and span ids on every log entry written inside a span. Exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the other standard <c>OTEL_*</c> variables: protocol, headers,
/// service name, resource attributes); otherwise the spans still carry the trace from stage to stage and the
/// metrics stay readable where a host serves them (a worker's <c>/metrics</c>).
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The sources of the spans a job's trace is made of.</summary>
    public static readonly string[] Sources = ["GroundedSam.*", DiagnosticHeaders.DefaultListenerName];

    /// <summary>The meters exported: the pipeline's, MassTransit's, the .NET runtime's.</summary>
    public static readonly string[] Meters = ["GroundedSam.*", InstrumentationOptions.MeterName, "System.Runtime"];

    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IOpenTelemetryBuilder AddPipelineTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var serviceName = builder.Environment.ApplicationName;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service; else the program does.
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(serviceName);
                }
            })
            .WithTracing(tracing => tracing.AddSource(Sources))
            .WithMetrics(metrics => metrics.AddMeter(Meters));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            telemetry.UseOtlpExporter();
        }

        return telemetry;
    }

    /// <summary>
    /// The standard <c>OTEL_*</c> environment variables, for a host built without the default configuration sources
    /// (the <c>gsam</c> commands), so that exporting is configured as it is for any OpenTelemetry program.
    /// </summary>
    public static IConfigurationBuilder AddOpenTelemetryEnvironment(this IConfigurationBuilder configuration) =>
        configuration.AddInMemoryCollection(Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => e.Key is string name && name.StartsWith("OTEL_", StringComparison.Ordinal))
            .Select(e => new KeyValuePair<string, string?>((string)e.Key, e.Value as string)));
}
