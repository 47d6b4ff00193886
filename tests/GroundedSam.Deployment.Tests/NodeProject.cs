using System.Diagnostics;
using System.Text.Json;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>
/// An npm project beside these tests whose scripts check a file with a real validator: its packages are those its
/// package-lock.json pins, installed by <c>.ci/services start</c> (<c>npm ci</c>), and its scripts run on the machine's node.
/// </summary>
internal sealed class NodeProject
{
    private NodeProject(string name) => Folder = Path.Combine(RepositoryPaths.Root, "tests", "GroundedSam.Deployment.Tests", name);

    /// <summary>Kubernetes' and KEDA's schemas (<c>k8s-schema/validate.mjs</c>).</summary>
    public static NodeProject KubernetesSchema { get; } = new("k8s-schema");

    /// <summary>The AsyncAPI parser and Ajv (<c>asyncapi/validate.mjs</c>, <c>asyncapi/validate-message.mjs</c>).</summary>
    public static NodeProject AsyncApi { get; } = new("asyncapi");

    public string Folder { get; }

    /// <summary>Runs <paramref name="script"/> with node, <paramref name="input"/> (when given) on its standard input.</summary>
    public Task<(int ExitCode, string Output, string Errors)> RunAsync(string script, IEnumerable<string> arguments, string? input = null)
    {
        AssertPackagesInstalled();
        var start = new ProcessStartInfo(ToolProcess.Find("node", "Node.js"), [Path.Combine(Folder, script), .. arguments])
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return ToolProcess.RunAsync(start, input);
    }

    // A missing or stale node_modules would fail every check with a module error, or check against other versions.
    private void AssertPackagesInstalled()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "package.json")));
        foreach (var dependency in manifest.RootElement.GetProperty("dependencies").EnumerateObject())
        {
            var version = InstalledVersion(dependency.Name);
            if (version != dependency.Value.GetString())
            {
                Assert.Fail($"{dependency.Name} {dependency.Value} is not installed in {Folder}/node_modules (found {version ?? "nothing"}): run `bash .ci/services start`, which runs npm ci there.");
            }
        }
    }

    private string? InstalledVersion(string package)
    {
        var file = Path.Combine(Folder, "node_modules", package, "package.json");
        if (!File.Exists(file))
        {
            return null;
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(file));
        return manifest.RootElement.GetProperty("version").GetString();
    }
}
