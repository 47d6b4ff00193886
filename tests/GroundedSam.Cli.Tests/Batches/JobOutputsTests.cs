using System.Runtime.CompilerServices;
using GroundedSam.Cli.Batches;
using GroundedSam.Contracts;
using GroundedSam.Storage;

namespace GroundedSam.Cli.Tests.Batches;

/// <summary>
/// A job's objects come from an S3 server that may hold anything: keys with <c>..</c> parts (S3 stores them
/// verbatim), backslashes, escape sequences, names the layout never writes, objects larger than listed. Only the
/// layout's own files are copied, and only inside the job's folder.
/// </summary>
public sealed class JobOutputsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-joboutputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task DownloadAsync_HostileKeys_CopiesOnlyTheLayoutsFilesInsideTheFolder()
    {
        var jobId = Guid.NewGuid();
        var prefix = StorageLayout.JobPrefix(jobId);
        var store = new ListedStore(new Dictionary<string, byte[]>
        {
            [prefix + "merged-mask.png"] = [1],
            [prefix + "masks/monitor-1.png"] = [2],
            [prefix + "masks/../../../../escaped.png"] = [3],
            [prefix + "../../escaped.json"] = [4],
            [prefix + "masks\\..\\..\\escaped.png"] = [5],
            [prefix + "masks/e\u001b[2J.png"] = [6],
            [prefix + "notes.txt"] = [7],
            [prefix + "overlay.jpg/x"] = [8],
        });
        var output = Path.Combine(_root, "out");

        var (written, leftOut) = await JobOutputs.DownloadAsync(store, new StorageLayout("images", "results"), jobId, output, "desk", TestContext.Current.CancellationToken);

        Assert.Equal(["masks/monitor-1.png", "merged-mask.png"], written.Order(StringComparer.Ordinal));
        Assert.Equal(6, leftOut.Count);
        Assert.All(leftOut, note => Assert.DoesNotContain('\u001b', note));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
        Assert.Equal(["desk"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public async Task DownloadAsync_WorkersIsolationCounterLeftBehind_IsNeitherCopiedNorReported()
    {
        var jobId = Guid.NewGuid();
        var prefix = StorageLayout.JobPrefix(jobId);
        var store = new ListedStore(new Dictionary<string, byte[]>
        {
            [prefix + JobFiles.MergedMask] = [1],
            [prefix + JobFiles.IsolationCounter("segmentation")] = [2],
            [prefix + "masks/" + JobFiles.IsolationCounter("merge")] = [3],
        });

        var (written, leftOut) = await JobOutputs.DownloadAsync(store, new StorageLayout("images", "results"), jobId, _root, "desk", TestContext.Current.CancellationToken);

        Assert.Equal([JobFiles.MergedMask], written);
        Assert.Equal([$"{prefix}masks/merge.isolated: not a file gsam writes"], leftOut);
    }

    [Fact]
    public async Task DownloadAsync_ObjectLargerThanListed_StopsAtTheListedSize()
    {
        var jobId = Guid.NewGuid();
        var store = new ListedStore(new Dictionary<string, byte[]> { [StorageLayout.JobPrefix(jobId) + "overlay.jpg"] = new byte[1000] }, listedSize: 10);

        await Assert.ThrowsAsync<ObjectTooLargeException>(() => JobOutputs.DownloadAsync(store, new StorageLayout("images", "results"), jobId, _root, "desk", TestContext.Current.CancellationToken));

        Assert.False(File.Exists(Path.Combine(_root, "desk", "overlay.jpg")));
    }

    /// <summary>A store that lists and serves whatever keys it was given, as a hostile S3 server can.</summary>
    private sealed class ListedStore(Dictionary<string, byte[]> objects, long? listedSize = null) : IObjectStore
    {
        public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task PutAsync(ObjectRef target, Stream content, long length, string contentType, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async Task GetAsync(ObjectRef source, Stream destination, CancellationToken cancellationToken) =>
            await destination.WriteAsync(objects[source.Key], cancellationToken);

        public Task<ObjectInfo?> StatAsync(ObjectRef source, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteAsync(ObjectRef target, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var (key, bytes) in objects.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                yield return new ObjectInfo(new ObjectRef { Bucket = bucket, Key = key }, listedSize ?? bytes.Length, null);
            }
        }
    }
}
