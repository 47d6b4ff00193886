using System.Diagnostics;
using System.Text.Json;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>
/// The Kubernetes base as <c>kubectl kustomize infra/k8s/base</c> renders it, checked document by document against the
/// schemas a cluster applies: Kubernetes' OpenAPI schema (npm <c>kubernetes-models</c>) and KEDA's API types
/// (<c>@kubernetes-models/keda</c>), run by <c>k8s-schema/validate.mjs</c> with the versions its package-lock.json pins.
/// Types, required fields, enums and quantities are checked; the schemas leave objects open, so an unknown field passes.
/// </summary>
public sealed class KubernetesSchemaTests
{
    [Fact(Timeout = 120_000)]
    public async Task Validate_RenderedBase_EveryDocumentOk()
    {
        var rendered = await RenderAsync();
        var documents = await KindsAndNamesAsync(rendered);

        var (exit, output, errors) = await ValidateAsync(rendered);

        Assert.True(exit == 0, $"validate.mjs refused the base:\n{output}{errors}");
        Assert.NotEmpty(documents);
        Assert.Equal(documents.Select(d => $"ok {d}"), Lines(output));
    }

    [Theory(Timeout = 120_000)]
    [InlineData("Deployment", "segmentation-worker", "  replicas: 1\n", "  replicas: two\n", "/spec/replicas must be integer")]
    [InlineData("ScaledObject", "merge-worker", "value: \"32\"", "value: 32", "/spec/triggers/0/metadata/value must be string")]
    public async Task Validate_OneFieldOfTheWrongType_FailsNamingTheDocumentAndField(string kind, string name, string field, string corrupted, string error)
    {
        var documents = (await RenderAsync()).Split("\n---\n");
        var target = Assert.Single(documents, d => d.Contains($"kind: {kind}\n", StringComparison.Ordinal) && d.Contains($"\n  name: {name}\n", StringComparison.Ordinal));
        Assert.Contains(field, target, StringComparison.Ordinal);
        documents[Array.IndexOf(documents, target)] = target.Replace(field, corrupted, StringComparison.Ordinal);

        var (exit, output, _) = await ValidateAsync(string.Join("\n---\n", documents));

        Assert.NotEqual(0, exit);
        var refused = Assert.Single(Lines(output), l => !l.StartsWith("ok ", StringComparison.Ordinal));
        Assert.StartsWith($"invalid {kind}/{name}: ", refused, StringComparison.Ordinal);
        Assert.Contains(error, refused, StringComparison.Ordinal);
        Assert.Equal(documents.Length, Lines(output).Count);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("gsam.example/v1", "Widget")]
    [InlineData("extensions/v1beta1", "Deployment")] // removed in Kubernetes 1.16, though the package still carries it
    public async Task Validate_KindWithoutSchema_Fails(string apiVersion, string kind)
    {
        var stream = $"{await RenderAsync()}---\napiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: stray\n";

        var (exit, output, _) = await ValidateAsync(stream);

        Assert.NotEqual(0, exit);
        var refused = Assert.Single(Lines(output), l => !l.StartsWith("ok ", StringComparison.Ordinal));
        Assert.StartsWith($"unknown {kind}/stray: ", refused, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Validate_ProductionOverlay_SameDocumentsWithTheRegistrysImages()
    {
        var rendered = await RenderAsync(Path.Combine("infra", "k8s", "overlays", "production"));

        var (exit, output, errors) = await ValidateAsync(rendered);

        Assert.True(exit == 0, $"validate.mjs refused the overlay:\n{output}{errors}");
        Assert.Equal(await KindsAndNamesAsync(await RenderAsync()), await KindsAndNamesAsync(rendered));
        Assert.Contains("image: registry.example.com/gsam/segmentation-worker:1.0.0\n", rendered, StringComparison.Ordinal);
        Assert.Contains("image: registry.example.com/gsam/mask-merge-worker:1.0.0\n", rendered, StringComparison.Ordinal);
    }

    private static async Task<string> RenderAsync(string folder = "infra/k8s/base")
    {
        var start = Start(ToolProcess.Find("kubectl", "Debian's kubernetes-client"), ["kustomize", Path.Combine(RepositoryPaths.Root, folder)], input: false);
        var (exit, yaml, errors) = await ToolProcess.RunAsync(start, input: null);
        Assert.True(exit == 0, $"kubectl kustomize {folder} failed: {errors}");
        return yaml;
    }

    /// <summary>"Kind/name" of each document, read by Python's YAML loader rather than by the validator under test.</summary>
    private static async Task<List<string>> KindsAndNamesAsync(string stream)
    {
        var start = Start("/usr/bin/python3", ["-c", "import json, sys, yaml; json.dump([d['kind'] + '/' + d['metadata']['name'] for d in yaml.safe_load_all(sys.stdin) if d], sys.stdout)"], input: true);
        var (exit, json, errors) = await ToolProcess.RunAsync(start, stream);
        Assert.True(exit == 0, $"Python's YAML loader failed: {errors}");
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static Task<(int ExitCode, string Output, string Errors)> ValidateAsync(string stream) =>
        NodeProject.KubernetesSchema.RunAsync("validate.mjs", [], stream);

    private static ProcessStartInfo Start(string executable, string[] arguments, bool input) => new(executable, arguments)
    {
        RedirectStandardInput = input,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };

    private static List<string> Lines(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}
