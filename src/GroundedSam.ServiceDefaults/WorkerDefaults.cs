using GroundedSam.Pipeline.Hosting;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace GroundedSam.ServiceDefaults;

/// <summary>
/// What every worker host shares. Start: fail after the broker's connect timeout instead of retrying forever against a
/// missing broker. Stop: consumers get <c>Worker:ShutdownTimeoutSeconds</c> to finish the jobs in hand, then are
/// cancelled and their messages go back to the queue. Shipped passwords are refused. Health endpoints for orchestrators: <c>/health/live</c> answers while the process runs; <c>/health/ready</c>
/// reports MassTransit's bus and endpoint checks (tagged "ready") and answers 503 unless all are healthy, so a worker
/// that lost the broker leaves the load balancer's and Kubernetes' ready set; <c>/metrics</c> serves the meters
/// (<see cref="Pipeline.Telemetry.TelemetryRegistration"/>) to a Prometheus scraper. The address comes from
/// <c>ASPNETCORE_URLS</c> (or <c>ASPNETCORE_HTTP_PORTS</c>, <c>--urls</c>); without one, <see cref="DefaultUrl"/>.
/// </summary>
public static class WorkerDefaults
{
    public const string DefaultUrl = "http://0.0.0.0:8080";

    public static WebApplicationBuilder AddWorkerDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        builder.AddJsonLogs();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddPrometheusExporter());

        // appsettings.json must not name the URL: its "Urls" would outrank ASPNETCORE_URLS, and a second worker on a
        // node could never get its own port.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddWorkerLifetime();
        return builder;
    }

    /// <summary>
    /// Logs as JSON lines on stdout, for a log collector: UTC timestamps to the millisecond and the scopes, which carry
    /// the trace and span ids of the job in hand. Another <c>Logging:Console:FormatterName</c> (such as <c>simple</c>
    /// for reading by eye) still wins.
    /// </summary>
    public static WebApplicationBuilder AddJsonLogs(this WebApplicationBuilder builder)
    {
        var formatter = builder.Configuration["Logging:Console:FormatterName"];
        if (string.IsNullOrEmpty(formatter) || formatter.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.UseUtcTimestamp = true;
                json.IncludeScopes = true;
            });
        }

        return builder;
    }

    /// <summary>The start and stop timeouts and the worker settings, for any host that runs a stage (tests host workers without a web server).</summary>
    public static IHostApplicationBuilder AddWorkerLifetime(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WorkerOptions>, ShippedCredentials>();
        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<WorkerOptions>, IOptions<RabbitMqOptions>>((host, worker, broker) =>
        {
            var shutdown = TimeSpan.FromSeconds(worker.Value.ShutdownTimeoutSeconds);
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(broker.Value.ConnectTimeoutSeconds);
            host.StopTimeout = shutdown;
            host.ConsumerStopTimeout = shutdown - TimeSpan.FromSeconds(Math.Min(5, shutdown.TotalSeconds / 2));
        });
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(worker.Value.ShutdownTimeoutSeconds + 5));
        return builder;
    }

    /// <summary>The health endpoints and <c>/metrics</c>, the pipeline's meters in Prometheus' text format.</summary>
    public static WebApplication MapWorkerEndpoints(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }
}
