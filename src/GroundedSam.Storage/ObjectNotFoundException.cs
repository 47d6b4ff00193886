using GroundedSam.Contracts;

namespace GroundedSam.Storage;

/// <summary>The object does not exist: a permanent condition for the job that names it.</summary>
public sealed class ObjectNotFoundException(ObjectRef missing, Exception? inner = null)
    : Exception($"No object {missing.Bucket}/{missing.Key}.", inner)
{
    public ObjectRef Missing { get; } = missing;
}
