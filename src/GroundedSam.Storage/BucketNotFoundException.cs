namespace GroundedSam.Storage;

/// <summary>
/// The bucket does not exist (S3's <c>NoSuchBucket</c>): writing and listing need it, so it is a deployment error
/// (<see cref="IObjectStore.EnsureBucketAsync"/> was not called), not a transient one.
/// Reading a single object from a missing bucket is reported as <see cref="ObjectNotFoundException"/> instead.
/// </summary>
public sealed class BucketNotFoundException(string bucket, Exception? inner = null)
    : Exception($"No bucket {bucket}: create it first (IObjectStore.EnsureBucketAsync).", inner)
{
    public string Bucket { get; } = bucket;
}
