using System.Diagnostics;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>What the worker images get: the publish command of their Dockerfiles, run for real.</summary>
public sealed class WorkerPublishTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("gsam-publish-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact(Timeout = 600_000)]
    public async Task MaskMergeWorker_PublishedAsItsDockerfileDoes_IsUnder100MegabytesWithoutOnnxRuntime()
    {
        // The merge stage only reads, unions and writes PNGs: ONNX Runtime (772 MB of the 785 MB it once published) has
        // no place in its image.
        var publish = new ProcessStartInfo("dotnet",
            ["publish", "src/GroundedSam.MaskMergeWorker/GroundedSam.MaskMergeWorker.csproj", "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
             "-o", _output, "-nologo"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var (exit, output, errors) = await ToolProcess.RunAsync(publish, input: null);
        Assert.True(exit == 0, output + errors);

        var files = Directory.GetFiles(_output, "*", SearchOption.AllDirectories);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        Assert.True(bytes < 100L * 1024 * 1024, $"the merge worker publishes {bytes / 1024 / 1024} MB");
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("onnxruntime", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => Path.GetFileName(f).StartsWith("GroundedSam.Inference", StringComparison.Ordinal));
    }
}
