using System.ComponentModel.DataAnnotations;

namespace GroundedSam.Pipeline.Hosting;

/// <summary>Configuration section <c>RabbitMq</c>: the broker every stage connects to.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>Broker host name. Default <c>localhost</c>.</summary>
    [Required]
    public string Host { get; set; } = "localhost";

    /// <summary>AMQP port. Default 5672 (5671 with TLS).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    /// <summary>Virtual host. Default <c>/</c>.</summary>
    [Required]
    public string VirtualHost { get; set; } = "/";

    /// <summary>User name. Default <c>guest</c> (which RabbitMQ only accepts from localhost).</summary>
    [Required]
    public string Username { get; set; } = "guest";

    /// <summary>Password (from configuration or the environment; never logged).</summary>
    [Required]
    public string Password { get; set; } = "guest";

    /// <summary>Connect with TLS. Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>Declare the stage queues as quorum queues (replicated; for a clustered broker). Default false.</summary>
    public bool UseQuorumQueues { get; set; }

    /// <summary>
    /// One connection attempt's limit. A starting worker makes attempts until <see cref="ConnectTimeoutSeconds"/> has
    /// passed, so an attempt is shorter than that whole wait.
    /// </summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a starting worker waits for the broker, over all its attempts, before giving up. Default 60 s.</summary>
    [Range(1, 3600)]
    public int ConnectTimeoutSeconds { get; set; } = 60;
}
