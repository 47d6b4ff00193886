using System.Security.Cryptography;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Tests.TestSupport;

namespace GroundedSam.Inference.Tests.Models;

/// <summary>The weight downloader against a real HTTP server on loopback.</summary>
public sealed class ModelDownloaderTests : IDisposable
{
    private readonly LocalFileServer _server = new();
    private readonly HttpClient _http = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("gsam-models-").FullName;
    private readonly byte[] _weights = RandomNumberGenerator.GetBytes(300_000);

    public void Dispose()
    {
        _server.Dispose();
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task PullAsync_FreshFolder_WritesVerifiedFilesUnderModelName()
    {
        var manifest = Manifest(_server.Add("m/model.onnx", _weights), _weights);

        var paths = await Downloader().PullAsync(manifest, _folder, null, TestContext.Current.CancellationToken);

        var target = Path.Combine(_folder, "tiny", "onnx", "model.onnx");
        Assert.Equal([target], paths);
        Assert.Equal(_weights, await File.ReadAllBytesAsync(target, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task PullAsync_WrongDigest_RefusesAndDeletesFile()
    {
        var tampered = (byte[])_weights.Clone();
        tampered[1000] ^= 0xFF;
        var manifest = Manifest(_server.Add("m/model.onnx", tampered), _weights);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            Downloader().PullAsync(manifest, _folder, null, TestContext.Current.CancellationToken));

        Assert.Contains("did not verify", error.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(_weights)), error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task PullAsync_ConnectionDropsMidway_ResumesWithRangeAndVerifies()
    {
        var manifest = Manifest(_server.Add("m/model.onnx", _weights), _weights);
        _server.CutShort = 1;
        var reports = new List<DownloadProgress>();

        await Downloader().PullAsync(manifest, _folder, new Collect(reports), TestContext.Current.CancellationToken);

        Assert.Equal(_weights, await File.ReadAllBytesAsync(Path.Combine(_folder, "tiny", "onnx", "model.onnx"), TestContext.Current.CancellationToken));
        var ranges = _server.Ranges.ToArray();
        Assert.Equal(2, ranges.Length);
        Assert.Equal(string.Empty, ranges[0]);
        Assert.Matches("^bytes=[1-9][0-9]*-$", ranges[1]);
        Assert.Contains(reports, r => r.Resumed > 0);
        Assert.Equal(_weights.Length, reports[^1].Received);
    }

    [Fact]
    public async Task PullAsync_PartialFromEarlierRun_ContinuesFromIt()
    {
        var manifest = Manifest(_server.Add("m/model.onnx", _weights), _weights);
        var target = Path.Combine(_folder, "tiny", "onnx", "model.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllBytesAsync(target + ".partial", _weights[..100_000], TestContext.Current.CancellationToken);

        await Downloader().PullAsync(manifest, _folder, null, TestContext.Current.CancellationToken);

        Assert.Equal(["bytes=100000-"], _server.Ranges);
        Assert.Equal(_weights, await File.ReadAllBytesAsync(target, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PullAsync_ServerIgnoresRange_StartsOverAndVerifies()
    {
        var manifest = Manifest(_server.Add("m/model.onnx", _weights), _weights);
        var target = Path.Combine(_folder, "tiny", "onnx", "model.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllBytesAsync(target + ".partial", _weights[..100_000], TestContext.Current.CancellationToken);
        _server.IgnoreRange = true;

        await Downloader().PullAsync(manifest, _folder, null, TestContext.Current.CancellationToken);

        Assert.Equal(_weights, await File.ReadAllBytesAsync(target, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PullAsync_FileAlreadyVerified_DownloadsNothing()
    {
        var manifest = Manifest(_server.Add("m/model.onnx", _weights), _weights);
        await Downloader().PullAsync(manifest, _folder, null, TestContext.Current.CancellationToken);

        await Downloader().PullAsync(manifest, _folder, null, TestContext.Current.CancellationToken);

        Assert.Single(_server.Ranges);
    }

    [Fact]
    public async Task PullAsync_NotFound_FailsWithUrl()
    {
        var manifest = Manifest(new Uri(_server.BaseUrl, "missing.onnx"), _weights);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            Downloader().PullAsync(manifest, _folder, null, TestContext.Current.CancellationToken));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedded_PrimaryExports_PinnedBySizeAndDigest()
    {
        var manifest = ModelManifest.Embedded();

        Assert.Equal(["grounding-dino-tiny", "sam2.1-hiera-tiny"], manifest.Models.Select(m => m.Name));
        Assert.All(manifest.Models.SelectMany(m => m.Files), f =>
        {
            Assert.Matches("^[0-9a-f]{64}$", f.Sha256);
            Assert.True(f.Bytes > 0);
            Assert.Equal("https", f.Url.Scheme);
        });
        var paths = new ModelPaths("m");
        var declared = manifest.Models.SelectMany(m => m.Files.Select(f => Path.Combine("m", m.Name, f.Path))).ToHashSet();
        Assert.Superset(new HashSet<string> { paths.GroundingDino, paths.Vocabulary, paths.Sam2Encoder, paths.Sam2Decoder }, declared);
    }

    [Fact]
    public void EnsureExist_EmptyFolder_NamesTheFolderAndEveryMissingFile()
    {
        var error = Assert.Throws<ModelsMissingException>(() => new ModelPaths(_folder).EnsureExist());

        Assert.Equal(_folder, error.Folder);
        Assert.Equal(4, error.Missing.Count);
        Assert.Contains(Path.GetFullPath(_folder), error.Message, StringComparison.Ordinal);
        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("prompt_encoder_mask_decoder.onnx", error.Message, StringComparison.Ordinal);
    }

    private ModelDownloader Downloader() => new(_http, new ImmediateTime());

    private static ModelManifest Manifest(Uri url, byte[] expected) => new(
    [
        new ModelManifest.Model("tiny", "test/tiny", "main",
            [new ModelManifest.ModelFile("onnx/model.onnx", url, expected.Length, Convert.ToHexStringLower(SHA256.HashData(expected)))]),
    ]);

    private sealed class Collect(List<DownloadProgress> reports) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => reports.Add(value);
    }

    /// <summary>Retries without waiting out the back-off.</summary>
    private sealed class ImmediateTime : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
