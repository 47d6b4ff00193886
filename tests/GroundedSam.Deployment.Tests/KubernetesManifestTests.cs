using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GroundedSam.Pipeline.Merging;
using GroundedSam.Segmentation;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>
/// The Kubernetes base (<c>infra/k8s/base</c>) as a cluster would read it, parsed by Python's YAML loader. The schema
/// validation (Kubernetes and KEDA) lives in <see cref="KubernetesSchemaTests"/>; these tests check the fields that
/// matter beyond the schemas: the GPU per pod, the probes on the health endpoints, the grace period above the shutdown
/// timeout, credentials from the Secret, the disruption budgets, and KEDA scaling on the queues the consumers really use.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "infra", "k8s", "base");

    [Fact]
    public async Task Kustomization_ListsEveryManifestAndEachParsesWithKindAndName()
    {
        var kustomization = Assert.Single(await DocumentsAsync("kustomization.yaml"));
        var listed = kustomization.GetProperty("resources").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal), listed);
        foreach (var document in await AllAsync())
        {
            Assert.False(string.IsNullOrEmpty(document.GetProperty("apiVersion").GetString()));
            Assert.False(string.IsNullOrEmpty(document.GetProperty("metadata").GetProperty("name").GetString()));
        }
    }

    [Fact]
    public async Task SegmentationWorker_OneGpuPerPodProbedAndStoppedGracefully()
    {
        var container = Container(await DeploymentAsync("segmentation-worker"), out var pod);

        Assert.Equal("1", container.GetProperty("resources").GetProperty("limits").GetProperty("nvidia.com/gpu").ToString());
        Assert.Equal("1", container.GetProperty("resources").GetProperty("requests").GetProperty("nvidia.com/gpu").ToString());
        AssertProbedAndGraceful(container, pod);
        Assert.Equal("/models", Env(container)["Models__Folder"].GetProperty("value").GetString());
        Assert.True(container.GetProperty("volumeMounts").EnumerateArray().Single().GetProperty("readOnly").GetBoolean());
    }

    [Fact]
    public async Task MergeWorker_NoGpuProbedAndStoppedGracefully()
    {
        var container = Container(await DeploymentAsync("merge-worker"), out var pod);

        Assert.False(container.GetProperty("resources").GetProperty("limits").TryGetProperty("nvidia.com/gpu", out _));
        AssertProbedAndGraceful(container, pod);
    }

    [Theory]
    [InlineData("segmentation-worker")]
    [InlineData("merge-worker")]
    public async Task Worker_CredentialsComeFromTheSecretOnly(string name)
    {
        var env = Env(Container(await DeploymentAsync(name), out _));

        foreach (var key in new[] { "RabbitMq__Host", "RabbitMq__Username", "RabbitMq__Password", "Storage__Endpoint", "Storage__AccessKey", "Storage__SecretKey" })
        {
            Assert.Equal("gsam-credentials", env[key].GetProperty("valueFrom").GetProperty("secretKeyRef").GetProperty("name").GetString());
            Assert.False(env[key].TryGetProperty("value", out _), key);
        }

        Assert.DoesNotContain(await AllAsync(), d => d.GetProperty("kind").GetString() == "Secret");
    }

    [Fact]
    public async Task DisruptionBudgets_CoverBothWorkersOneAtATime()
    {
        var budgets = (await AllAsync()).Where(d => d.GetProperty("kind").GetString() == "PodDisruptionBudget").ToList();

        foreach (var name in new[] { "segmentation-worker", "merge-worker" })
        {
            var labels = (await DeploymentAsync(name)).GetProperty("spec").GetProperty("selector").GetProperty("matchLabels").ToString();
            var budget = Assert.Single(budgets, b => b.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels").ToString() == labels);
            Assert.Equal(1, budget.GetProperty("spec").GetProperty("maxUnavailable").GetInt32());
        }
    }

    [Theory]
    [InlineData("segmentation-worker", SegmentImageConsumerDefinition.QueueName)]
    [InlineData("merge-worker", MaskMergeConsumerDefinition.QueueName)]
    public async Task Keda_ScalesEachWorkerOnItsConsumersQueueWithTheSecretsBroker(string deployment, string queue)
    {
        var documents = await AllAsync();
        var scaled = Assert.Single(documents, d => d.GetProperty("kind").GetString() == "ScaledObject"
            && d.GetProperty("spec").GetProperty("scaleTargetRef").GetProperty("name").GetString() == deployment);
        var trigger = Assert.Single(scaled.GetProperty("spec").GetProperty("triggers").EnumerateArray());

        Assert.Equal("rabbitmq", trigger.GetProperty("type").GetString());
        Assert.Equal(queue, trigger.GetProperty("metadata").GetProperty("queueName").GetString());
        Assert.Equal("QueueLength", trigger.GetProperty("metadata").GetProperty("mode").GetString());
        var authentication = trigger.GetProperty("authenticationRef").GetProperty("name").GetString();
        var auth = Assert.Single(documents, d => d.GetProperty("kind").GetString() == "TriggerAuthentication" && d.GetProperty("metadata").GetProperty("name").GetString() == authentication);
        Assert.Equal("gsam-credentials", Assert.Single(auth.GetProperty("spec").GetProperty("secretTargetRef").EnumerateArray()).GetProperty("name").GetString());
        Assert.InRange(scaled.GetProperty("spec").GetProperty("minReplicaCount").GetInt32(), 0, scaled.GetProperty("spec").GetProperty("maxReplicaCount").GetInt32());
    }

    private static void AssertProbedAndGraceful(JsonElement container, JsonElement pod)
    {
        Assert.Equal("/health/live", container.GetProperty("livenessProbe").GetProperty("httpGet").GetProperty("path").GetString());
        Assert.Equal("/health/ready", container.GetProperty("readinessProbe").GetProperty("httpGet").GetProperty("path").GetString());
        var port = container.GetProperty("ports").EnumerateArray().Single();
        Assert.Equal(8080, port.GetProperty("containerPort").GetInt32()); // the worker images' ASPNETCORE_URLS
        Assert.Equal(port.GetProperty("name").GetString(), container.GetProperty("readinessProbe").GetProperty("httpGet").GetProperty("port").GetString());
        var shutdown = int.Parse(Env(container)["Worker__ShutdownTimeoutSeconds"].GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(pod.GetProperty("terminationGracePeriodSeconds").GetInt32() > shutdown + 5, "the grace period must exceed the worker's shutdown timeout");
    }

    private static JsonElement Container(JsonElement deployment, out JsonElement pod)
    {
        pod = deployment.GetProperty("spec").GetProperty("template").GetProperty("spec");
        return Assert.Single(pod.GetProperty("containers").EnumerateArray());
    }

    private static Dictionary<string, JsonElement> Env(JsonElement container) =>
        container.GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);

    private static async Task<JsonElement> DeploymentAsync(string name) =>
        Assert.Single(await AllAsync(), d => d.GetProperty("kind").GetString() == "Deployment" && d.GetProperty("metadata").GetProperty("name").GetString() == name);

    private static async Task<List<JsonElement>> AllAsync()
    {
        var all = new List<JsonElement>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml"))
        {
            all.AddRange(await DocumentsAsync(Path.GetFileName(file)));
        }

        return all;
    }

    private static async Task<List<JsonElement>> DocumentsAsync(string file)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import json, sys, yaml; json.dump([d for d in yaml.safe_load_all(open(sys.argv[1])) if d], sys.stdout)", Path.Combine(Folder, file)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var (exit, json, errors) = await ToolProcess.RunAsync(start, input: null);
        Assert.True(exit == 0, $"{file}: {errors}");
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
