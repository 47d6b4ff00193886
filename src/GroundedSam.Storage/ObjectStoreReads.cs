using GroundedSam.Contracts;

namespace GroundedSam.Storage;

/// <summary>Reading a whole object into memory without trusting its size.</summary>
public static class ObjectStoreReads
{
    /// <summary>
    /// The object's bytes, refused with <see cref="ObjectTooLargeException"/> as soon as they pass
    /// <paramref name="maxBytes"/>, so an object larger than expected (or grown since it was listed) cannot fill memory.
    /// </summary>
    /// <exception cref="ObjectNotFoundException">No such object.</exception>
    public static async Task<byte[]> ReadBytesAsync(this IObjectStore store, ObjectRef source, long maxBytes, CancellationToken cancellationToken, int expectedBytes = 0)
    {
        using var buffer = new MemoryStream(expectedBytes);
        await using (var limited = new SizeLimitedStream(buffer, maxBytes))
        {
            await store.GetAsync(source, limited, cancellationToken);
        }

        return buffer.ToArray();
    }
}
