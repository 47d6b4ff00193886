using System.Collections;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GroundedSam.Pipeline.Telemetry;

/// <summary>
/// OpenTelemetry for any host that runs or feeds a stage: the spans of <see cref="PipelineTracing"/>, of the models
/// (<c>GroundedSam.Inference</c>) and of MassTransit; the meters of <see cref="PipelineMetrics"/>, MassTransit and the
/// .NET runtime; trace and span ids on every log entry written inside a span. Exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the other standard <c>OTEL_*</c> variables: protocol, headers,
/// service name, resource attributes), traces only when just <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> is; otherwise the spans still carry the trace from stage to stage and the
/// metrics stay readable where a host serves them (a worker's <c>/metrics</c>).
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The sources of the spans a job's trace is made of.</summary>
    public static readonly string[] Sources = ["GroundedSam.*", DiagnosticHeaders.DefaultListenerName];

    /// <summary>The meters exported: the pipeline's, MassTransit's, the .NET runtime's.</summary>
    public static readonly string[] Meters = ["GroundedSam.*", InstrumentationOptions.MeterName, "System.Runtime"];

    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Traces only, to a backend that takes nothing else (Jaeger): metrics stay on <c>/metrics</c>.</summary>
    public const string OtlpTracesEndpointVariable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

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
        else if (builder.Configuration[OtlpTracesEndpointVariable] is { } traces && !string.IsNullOrWhiteSpace(traces))
        {
            // The SDK reads the per-signal variables only with UseOtlpExporter, which exports every signal: set here.
            var protocol = builder.Configuration["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = new Uri(traces);
                otlp.Protocol = protocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            }));
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
