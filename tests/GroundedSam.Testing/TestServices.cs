using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Testcontainers.RabbitMq;

namespace GroundedSam.Testing;

/// <summary>
/// The real services integration tests talk to. Each comes from, in order: an environment variable
/// (<see cref="S3Variable"/>, <see cref="RabbitMqVariable"/>, as printed by <c>.ci/services start</c>); a container that
/// Testcontainers starts once per test run when a Docker engine is reachable; otherwise a
/// <see cref="TestServiceUnavailableException"/> that says how to start them.
/// </summary>
public static class TestServices
{
    /// <summary>S3 endpoint URL, e.g. <c>http://127.0.0.1:5000</c>.</summary>
    public const string S3Variable = "GSAM_TEST_S3";

    /// <summary>Access key for <see cref="S3Variable"/>; default <c>test</c> (moto accepts any).</summary>
    public const string S3AccessKeyVariable = "GSAM_TEST_S3_ACCESS_KEY";

    /// <summary>Secret key for <see cref="S3Variable"/>; default <c>test</c>.</summary>
    public const string S3SecretKeyVariable = "GSAM_TEST_S3_SECRET_KEY";

    /// <summary>Broker URI, e.g. <c>amqp://guest:guest@127.0.0.1:5672/</c>.</summary>
    public const string RabbitMqVariable = "GSAM_TEST_RABBITMQ";

    /// <summary>MinIO stopped publishing images in October 2025: this tag exists and stays.</summary>
    public const string MinioImage = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    public const string RabbitMqImage = "rabbitmq:4.1-management";

    private const string HowToStart =
        "run `bash .ci/services start` (installs and starts RabbitMQ and moto_server on loopback) and export the variables it prints, or install Docker";

    private const string MinioUser = "gsam-test";
    private const string MinioPassword = "gsam-test-secret";
    private const int MinioPort = 9000;

    // Started at most once per test run (a failed start is remembered too, so every test reports it without
    // retrying Docker). Nothing stops the containers: Testcontainers' reaper removes them when the run ends.
    private static readonly Lazy<Task<S3Endpoint>> MinioContainer = new(StartMinioAsync);
    private static readonly Lazy<Task<RabbitMqEndpoint>> RabbitMqContainer = new(StartRabbitMqAsync);

    private static IContainer? s_minio;
    private static RabbitMqContainer? s_rabbitMq;

    public static Task<S3Endpoint> S3Async()
    {
        var url = Environment.GetEnvironmentVariable(S3Variable);
        if (string.IsNullOrWhiteSpace(url))
        {
            return MinioContainer.Value;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            throw new TestServiceUnavailableException($"{S3Variable}=\"{url}\" is not an http(s) URL such as http://127.0.0.1:5000.");
        }

        return Task.FromResult(new S3Endpoint(
            parsed,
            Environment.GetEnvironmentVariable(S3AccessKeyVariable) is { Length: > 0 } access ? access : "test",
            Environment.GetEnvironmentVariable(S3SecretKeyVariable) is { Length: > 0 } secret ? secret : "test"));
    }

    public static Task<RabbitMqEndpoint> RabbitMqAsync()
    {
        var uri = Environment.GetEnvironmentVariable(RabbitMqVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            return RabbitMqContainer.Value;
        }

        try
        {
            return Task.FromResult(RabbitMqEndpoint.Parse(uri));
        }
        catch (FormatException e)
        {
            throw new TestServiceUnavailableException($"{RabbitMqVariable}: {e.Message}", e);
        }
    }

    private static async Task<S3Endpoint> StartMinioAsync()
    {
        try
        {
            s_minio = new ContainerBuilder(MinioImage)
                .WithCommand("server", "/data")
                .WithEnvironment("MINIO_ROOT_USER", MinioUser)
                .WithEnvironment("MINIO_ROOT_PASSWORD", MinioPassword)
                .WithPortBinding(MinioPort, assignRandomHostPort: true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(MinioPort).ForPath("/minio/health/live")))
                .Build();
            await s_minio.StartAsync();
        }
        catch (DockerUnavailableException e)
        {
            throw Unavailable("an S3 server", S3Variable, e);
        }

        var url = new UriBuilder(Uri.UriSchemeHttp, s_minio.Hostname, s_minio.GetMappedPublicPort(MinioPort)).Uri;
        return new S3Endpoint(url, MinioUser, MinioPassword);
    }

    private static async Task<RabbitMqEndpoint> StartRabbitMqAsync()
    {
        try
        {
            s_rabbitMq = new RabbitMqBuilder(RabbitMqImage).Build();
            await s_rabbitMq.StartAsync();
        }
        catch (DockerUnavailableException e)
        {
            throw Unavailable("a RabbitMQ broker", RabbitMqVariable, e);
        }

        return RabbitMqEndpoint.Parse(s_rabbitMq.GetConnectionString());
    }

    private static TestServiceUnavailableException Unavailable(string service, string variable, DockerUnavailableException reason) =>
        // Docker's own explanation is long and goes in the inner exception, so that the way out reads first.
        new($"The integration tests need {service}: {variable} is not set and no Docker engine is reachable. To run them, {HowToStart}.", reason);
}
