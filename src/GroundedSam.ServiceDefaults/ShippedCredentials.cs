using GroundedSam.Pipeline.Hosting;
using System.Net;
using GroundedSam.Storage;
using Microsoft.Extensions.Options;

namespace GroundedSam.ServiceDefaults;

/// <summary>
/// A worker refuses to start with a password that ships with gsam's local trial, RabbitMQ (<c>guest</c>) or MinIO
/// (<c>minioadmin</c>) unless <c>Worker:LocalTrial</c> declares a trial, or the service is on this machine: a
/// fleet on a shared network with well-known passwords is one guess away from anyone's jobs and photos.
/// </summary>
public sealed class ShippedCredentials(IOptions<RabbitMqOptions> broker, IOptions<StorageOptions> storage) : IValidateOptions<WorkerOptions>
{
    /// <summary>Passwords anyone can read: gsam's local-trial file (infra/local-trial.env), RabbitMQ's and MinIO's defaults.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "guest", "minioadmin", "gsam-local-only", "gsam-local-trial", "gsam-local-trial-root", "gsam-local-trial-worker", "gsam-local-trial-producer",
    };

    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        if (options.LocalTrial)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (Known.Contains(broker.Value.Password) && !IsLoopback(broker.Value.Host))
        {
            failures.Add($"RabbitMq__Password is a published default and the broker {broker.Value.Host} is not on this machine: set your own password.");
        }

        if (Known.Contains(storage.Value.SecretKey) && !IsLoopback(EndpointHost(storage.Value.Endpoint)))
        {
            failures.Add($"Storage__SecretKey is a published default and the S3 server is not on this machine: use a worker account of your own.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Append("For a trial on one machine only, set Worker__LocalTrial=true."));
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string EndpointHost(string endpoint) =>
        Uri.TryCreate(endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "http://" + endpoint, UriKind.Absolute, out var url) ? url.Host : endpoint;
}
