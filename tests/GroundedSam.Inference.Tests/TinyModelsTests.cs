using GroundedSam.Inference.Tests.TestSupport;
using GroundedSam.TinyModels;

namespace GroundedSam.Inference.Tests;

/// <summary>The committed tiny models are what the generator writes today, so the two cannot drift apart.</summary>
public sealed class TinyModelsTests
{
    [Fact]
    public void Files_AreByteForByteTheCommittedModels()
    {
        foreach (var (path, bytes) in TinyModelSet.Files())
        {
            var committed = File.ReadAllBytes(Path.Combine(Repository.TinyModels, path));

            Assert.True(bytes.AsSpan().SequenceEqual(committed),
                $"models/tiny/{path} differs from the generator's output: run dotnet run --project tests/GroundedSam.TinyModels -- models/tiny");
        }
    }

    [Fact]
    public void Files_CoverEveryCommittedOnnxModel()
    {
        var committed = Directory.EnumerateFiles(Repository.TinyModels, "*.onnx", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repository.TinyModels, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(committed, TinyModelSet.Files().Keys.Order(StringComparer.Ordinal));
    }
}
