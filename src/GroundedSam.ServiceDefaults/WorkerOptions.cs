using System.ComponentModel.DataAnnotations;

namespace GroundedSam.ServiceDefaults;

/// <summary>Configuration section <c>Worker</c>: process-level settings of a worker host.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>
    /// How long a stopping worker (SIGTERM from Docker or Kubernetes) may spend finishing the jobs in hand; after
    /// that, unfinished jobs are cancelled and return to the queue. Set the orchestrator's grace period above it.
    /// Default 120 s.
    /// </summary>
    [Range(5, 3600)]
    public int ShutdownTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// Declares a local trial on one machine: only then may the broker or S3 server that is not on this machine be
    /// reached with a password shipped with gsam, RabbitMQ or MinIO (<see cref="ShippedCredentials"/>). Default false.
    /// </summary>
    public bool LocalTrial { get; set; }
}
