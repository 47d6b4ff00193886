using System.Diagnostics;
using System.Text.Json;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>
/// <c>docker-compose.yml</c> as Compose itself reads it: Debian's <c>docker-compose config</c> interpolates and checks
/// the file without a daemon, and Python's YAML loader (Compose's own dependency) turns its output into JSON.
/// </summary>
internal static class ComposeConfig
{
    private static readonly string[] CredentialVariables =
    [
        "RABBITMQ_USER", "RABBITMQ_PASSWORD", "S3_ROOT_USER", "S3_ROOT_PASSWORD", "S3_WORKER_ACCESS_KEY", "S3_WORKER_SECRET_KEY",
        "S3_PRODUCER_ACCESS_KEY", "S3_PRODUCER_SECRET_KEY", "GSAM_LOCAL_TRIAL", "GSAM_CONSOLE_BIND",
    ];

    /// <summary>Runs <c>docker-compose config</c> with only <paramref name="environment"/> set of the file's variables.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var start = new ProcessStartInfo(Executable(), ["-f", Path.Combine(RepositoryPaths.Root, "docker-compose.yml"), .. extra, "config"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var name in CredentialVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return await ToolProcess.RunAsync(start, input: null);
    }

    /// <summary>The interpolated file as JSON.</summary>
    public static async Task<JsonElement> ParseAsync(string yaml)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var (exit, json, errors) = await ToolProcess.RunAsync(start, yaml);
        Assert.True(exit == 0, $"Python's YAML loader failed: {errors}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static string Executable()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            var candidate = Path.Combine(folder, "docker-compose");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("docker-compose is not installed: `apt-get install docker-compose` (bash .ci/services start installs it). Its `config` command checks the file without a Docker engine.");
        return string.Empty;
    }
}
