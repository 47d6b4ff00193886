using System.Runtime.CompilerServices;
using GroundedSam.Contracts;
using GroundedSam.Storage;

namespace GroundedSam.Pipeline.Tests;

/// <summary>A store that counts reads and, when <see cref="Enabled"/>, fails every write to the results like an unreachable S3 server.</summary>
internal sealed class FailingWrites(IObjectStore inner) : IObjectStore
{
    private int _downloads;
    private int _reads;

    public bool Enabled { get; set; }

    /// <summary>Each attempt at a job downloads its photo once.</summary>
    public int PhotoDownloads => _downloads;

    /// <summary>Every read of any object (stat or get).</summary>
    public int Reads => _reads;

    /// <summary>The keys read, in any order.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> ReadKeys { get; } = [];

    public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken) => inner.EnsureBucketAsync(bucket, cancellationToken);

    public Task PutAsync(ObjectRef target, Stream content, long length, string contentType, CancellationToken cancellationToken) =>
        Enabled && target.Key.StartsWith("jobs/", StringComparison.Ordinal)
            ? Task.FromException(new IOException("Connection refused (simulated S3 outage)."))
            : inner.PutAsync(target, content, length, contentType, cancellationToken);

    public Task GetAsync(ObjectRef source, Stream destination, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        ReadKeys.Add(source.Key);
        if (source.Key.StartsWith("uploads/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _downloads);
        }

        return inner.GetAsync(source, destination, cancellationToken);
    }

    public Task<ObjectInfo?> StatAsync(ObjectRef source, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        ReadKeys.Add(source.Key);
        return inner.StatAsync(source, cancellationToken);
    }

    public Task DeleteAsync(ObjectRef target, CancellationToken cancellationToken) => inner.DeleteAsync(target, cancellationToken);

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in inner.ListAsync(bucket, prefix, cancellationToken))
        {
            yield return item;
        }
    }
}
