using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GroundedSam.Pipeline.Hosting;

/// <summary>
/// Health endpoints for orchestrators: <c>/health/live</c> answers while the process runs; <c>/health/ready</c>
/// reports MassTransit's bus and endpoint checks (tagged "ready") and answers 503 unless all are healthy, so a worker
/// that lost the broker leaves the load balancer's and Kubernetes' ready set. The address comes from
/// <c>ASPNETCORE_URLS</c> (or <c>ASPNETCORE_HTTP_PORTS</c>, <c>--urls</c>); without one, <see cref="DefaultUrl"/>.
/// </summary>
public static class WorkerDefaults
{
    public const string DefaultUrl = "http://0.0.0.0:8080";

    public static WebApplicationBuilder AddWorkerDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();

        // appsettings.json must not name the URL: its "Urls" would outrank ASPNETCORE_URLS, and a second worker on a
        // node could never get its own port.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    public static WebApplication MapWorkerHealthChecks(this WebApplication app)
    {
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
