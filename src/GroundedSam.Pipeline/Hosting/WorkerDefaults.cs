using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GroundedSam.Pipeline.Hosting;

/// <summary>
/// Health endpoints for orchestrators: <c>/health/live</c> answers while the process runs; <c>/health/ready</c>
/// reports MassTransit's bus and endpoint checks (tagged "ready"), so a worker that lost the broker leaves the
/// load balancer's and Kubernetes' ready set.
/// </summary>
public static class WorkerDefaults
{
    public static IHostApplicationBuilder AddWorkerDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapWorkerHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
