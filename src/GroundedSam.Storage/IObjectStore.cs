using GroundedSam.Contracts;

namespace GroundedSam.Storage;

/// <summary>
/// The object store the pipeline reads photos from and writes results to: an S3-compatible server
/// (<c>MinioObjectStore</c>) or a local folder (<c>FolderObjectStore</c>), with the same behaviour.
/// Missing objects raise <see cref="ObjectNotFoundException"/>; anything else that fails is transient.
/// </summary>
public interface IObjectStore
{
    /// <summary>Creates the bucket when it does not exist.</summary>
    Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken);

    /// <summary>Writes (or overwrites) an object from a stream of <paramref name="length"/> bytes.</summary>
    Task PutAsync(ObjectRef target, Stream content, long length, string contentType, CancellationToken cancellationToken);

    /// <summary>Streams an object's bytes into <paramref name="destination"/>.</summary>
    /// <exception cref="ObjectNotFoundException">No such object.</exception>
    Task GetAsync(ObjectRef source, Stream destination, CancellationToken cancellationToken);

    /// <summary>Size and content type of an object, or null when it does not exist.</summary>
    Task<ObjectInfo?> StatAsync(ObjectRef source, CancellationToken cancellationToken);

    /// <summary>Deletes an object; deleting one that does not exist succeeds, as in S3.</summary>
    Task DeleteAsync(ObjectRef target, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, CancellationToken cancellationToken);
}
