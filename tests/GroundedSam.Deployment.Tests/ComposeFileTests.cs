using System.Text.Json;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>The compose file's safety promises, checked on what Compose itself makes of the file.</summary>
public sealed class ComposeFileTests
{
    private static readonly Dictionary<string, string> OwnCredentials = new()
    {
        ["RABBITMQ_USER"] = "ops",
        ["RABBITMQ_PASSWORD"] = "a-long-broker-password",
        ["S3_ROOT_USER"] = "root-ops",
        ["S3_ROOT_PASSWORD"] = "a-long-root-password",
        ["S3_WORKER_ACCESS_KEY"] = "worker-key",
        ["S3_WORKER_SECRET_KEY"] = "a-long-worker-secret",
        ["S3_PRODUCER_ACCESS_KEY"] = "producer-key",
        ["S3_PRODUCER_SECRET_KEY"] = "a-long-producer-secret",
    };

    [Theory]
    [InlineData("RABBITMQ_PASSWORD")]
    [InlineData("S3_ROOT_PASSWORD")]
    [InlineData("S3_WORKER_SECRET_KEY")]
    [InlineData("S3_PRODUCER_SECRET_KEY")]
    public async Task Config_ACredentialMissing_ComposeRefusesNamingIt(string missing)
    {
        var (exit, _, errors) = await ComposeConfig.RunAsync(OwnCredentials.Where(kv => kv.Key != missing).ToDictionary());

        Assert.NotEqual(0, exit);
        Assert.Contains($"set {missing}", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_OwnCredentials_ConsolesOnLoopbackAndNoTrial()
    {
        var services = await ServicesAsync(OwnCredentials);

        Assert.Equal(["127.0.0.1:15672:15672/tcp"], Published(services, "rabbitmq").Where(p => p.Contains("15672", StringComparison.Ordinal)));
        Assert.Equal(["127.0.0.1:9001:9001/tcp"], Published(services, "minio").Where(p => p.Contains("9001", StringComparison.Ordinal)));
        Assert.Contains("0.0.0.0:5672", Published(services, "rabbitmq"));
        foreach (var worker in new[] { "segmentation-worker", "merge-worker", "producer" })
        {
            Assert.Equal("false", Environment(services, worker)["Worker__LocalTrial"]);
        }
    }

    [Fact]
    public async Task Config_OwnCredentials_EachRoleHasItsOwnS3UserAndNoneIsRoot()
    {
        var services = await ServicesAsync(OwnCredentials);

        Assert.Equal("root-ops", Environment(services, "minio")["MINIO_ROOT_USER"]);
        Assert.Equal("worker-key", Environment(services, "segmentation-worker")["Storage__AccessKey"]);
        Assert.Equal("worker-key", Environment(services, "merge-worker")["Storage__AccessKey"]);
        Assert.Equal("producer-key", Environment(services, "producer")["Storage__AccessKey"]);
        Assert.DoesNotContain(services.EnumerateObject(), s => s.Name != "minio" && s.Name != "minio-setup" &&
            Environment(services, s.Name).Values.Any(v => v is "root-ops" or "a-long-root-password"));
        foreach (var worker in new[] { "segmentation-worker", "merge-worker", "producer" })
        {
            Assert.Equal("service_completed_successfully", services.GetProperty(worker).GetProperty("depends_on").GetProperty("minio-setup").GetProperty("condition").GetString());
        }
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("gpus-2", 2)]
    [InlineData("gpus-4", 4)]
    [InlineData("gpus-8", 8)]
    public async Task Config_GpuProfile_OneSegmentationWorkerPerGpuEachWithItsOwnDevice(string? profile, int gpus)
    {
        var services = await ServicesAsync(OwnCredentials);

        // Compose's config prints every service; a profile starts those without profiles and those that name it.
        var workers = services.EnumerateObject()
            .Where(s => s.Name.StartsWith("segmentation-worker", StringComparison.Ordinal))
            .Where(s => !s.Value.TryGetProperty("profiles", out var profiles) || profiles.EnumerateArray().Any(p => p.GetString() == profile))
            .ToList();
        var devices = workers.Select(w => Assert.Single(w.Value.GetProperty("deploy").GetProperty("resources").GetProperty("reservations").GetProperty("devices").EnumerateArray())).ToList();

        Assert.Equal(gpus, workers.Count);
        Assert.All(devices, d => Assert.False(d.TryGetProperty("count", out _), "a count gives every replica the same GPUs"));
        Assert.Equal(Enumerable.Range(0, gpus).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            devices.Select(d => Assert.Single(d.GetProperty("device_ids").EnumerateArray()).GetString()).Order(StringComparer.Ordinal));
        Assert.All(workers, w => Assert.Equal("worker-key", Environment(services, w.Name)["Storage__AccessKey"]));
        Assert.All(workers, w => Assert.Equal("150s", w.Value.GetProperty("stop_grace_period").GetString()));
    }

    [Fact]
    public async Task Config_RabbitMq_PublishesItsPrometheusPortOnTheConsoleAddress()
    {
        var services = await ServicesAsync(OwnCredentials);

        Assert.Contains("127.0.0.1:15692:15692/tcp", Published(services, "rabbitmq"));
        Assert.Contains("rabbitmq_prometheus", await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "infra", "rabbitmq", "enabled_plugins"), TestContext.Current.CancellationToken),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_ObservabilityProfile_PrometheusGrafanaJaegerOnTheConsoleAddressWithTheShippedFiles()
    {
        var services = await ServicesAsync(OwnCredentials);
        string[] observability = ["prometheus", "grafana", "jaeger"];

        foreach (var service in observability)
        {
            Assert.Equal(["observability"], services.GetProperty(service).GetProperty("profiles").EnumerateArray().Select(p => p.GetString()));
            Assert.All(Published(services, service), port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
        }

        Assert.Equal(["127.0.0.1:9090:9090/tcp"], Published(services, "prometheus"));
        Assert.Equal(["127.0.0.1:3000:3000/tcp"], Published(services, "grafana"));
        Assert.Equal(["127.0.0.1:16686:16686/tcp"], Published(services, "jaeger"));
        var mounted = observability.SelectMany(s => services.GetProperty(s).TryGetProperty("volumes", out var volumes) ? volumes.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()!.Split(':')[0] : v.GetProperty("source").GetString()!)
            .Where(source => source.StartsWith('/')).ToList();
        Assert.Equal(3, mounted.Count);
        Assert.All(mounted, source => Assert.True(File.Exists(source) || Directory.Exists(source), $"{source} is mounted but not in the repository"));

        // No admin password ships: viewers only, no login form, no basic auth.
        var grafana = Environment(services, "grafana");
        Assert.Equal("Viewer", grafana["GF_AUTH_ANONYMOUS_ORG_ROLE"]);
        Assert.Equal("true", grafana["GF_AUTH_DISABLE_LOGIN_FORM"]);
        Assert.Equal("false", grafana["GF_AUTH_BASIC_ENABLED"]);
        Assert.False(grafana.ContainsKey("GF_SECURITY_ADMIN_PASSWORD"));

        // The workers send traces only when asked, and then to Jaeger's OTLP port.
        Assert.Equal(string.Empty, Environment(services, "segmentation-worker")["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
        var traced = await ServicesAsync(new Dictionary<string, string>(OwnCredentials) { ["GSAM_TRACES_ENDPOINT"] = "http://jaeger:4317" });
        string[] pipeline = ["segmentation-worker", "merge-worker", "producer"];
        Assert.All(pipeline, s => Assert.Equal("http://jaeger:4317", Environment(traced, s)["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]));
    }

    [Fact]
    public async Task Config_LocalTrialFile_DeclaresTheTrialToTheWorkers()
    {
        var trial = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "infra", "local-trial.env"))
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);

        var services = await ServicesAsync(trial);

        Assert.Equal("true", Environment(services, "segmentation-worker")["Worker__LocalTrial"]);
        Assert.Contains("127.0.0.1:15672:15672/tcp", Published(services, "rabbitmq"));
    }

    [Fact]
    public async Task Config_MinioImage_IsBuiltFromTheReleaseWithTheCveFix()
    {
        var services = await ServicesAsync(OwnCredentials);
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "infra", "minio.Dockerfile"), TestContext.Current.CancellationToken);

        Assert.Equal("infra/minio.Dockerfile", services.GetProperty("minio").GetProperty("build").GetProperty("dockerfile").GetString());
        Assert.EndsWith(":RELEASE.2025-10-15T17-29-55Z", services.GetProperty("minio").GetProperty("image").GetString(), StringComparison.Ordinal);

        // RELEASE.2025-10-15T17-29-55Z is commit 9e49d5e7; the fix for CVE-2025-62506 (c1a49490c) is its parent.
        Assert.Contains("ARG MINIO_COMMIT=9e49d5e7a648f00e26f2246f4dc28e6b07f8c84a", dockerfile, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ServicesAsync(IReadOnlyDictionary<string, string> environment)
    {
        var (exit, yaml, errors) = await ComposeConfig.RunAsync(environment);
        Assert.True(exit == 0, errors);
        return (await ComposeConfig.ParseAsync(yaml)).GetProperty("services");
    }

    private static Dictionary<string, string> Environment(JsonElement services, string service) =>
        services.GetProperty(service).TryGetProperty("environment", out var environment)
            ? environment.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
            : [];

    // Compose 1.29 writes a port as "ip:host:container/proto" when it has an address, as {published, target} when not.
    private static List<string> Published(JsonElement services, string service) =>
        [.. services.GetProperty(service).GetProperty("ports").EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String
            ? p.GetString()!
            : $"0.0.0.0:{p.GetProperty("published")}")];
}
