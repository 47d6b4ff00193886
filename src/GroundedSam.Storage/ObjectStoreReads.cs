using GroundedSam.Contracts;

namespace GroundedSam.Storage;

/// <summary>Reading a whole object into memory without trusting its size.</summary>
public static class ObjectStoreReads
{
    /// <summary>
    /// The object's bytes in one read (no stat first): refused with <see cref="ObjectTooLargeException"/> when the
    /// store announces more than <paramref name="maxBytes"/>, or as soon as the bytes pass it, so an object larger than
    /// expected (or grown since it was listed) cannot fill memory.
    /// </summary>
    /// <exception cref="ObjectNotFoundException">No such object.</exception>
    public static async Task<byte[]> ReadBytesAsync(this IObjectStore store, ObjectRef source, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var limited = new SizeLimitedStream(buffer, maxBytes))
        {
            await store.GetAsync(source, limited, cancellationToken);
        }

        // Sized exactly from the announced length, the buffer is the result; otherwise it is copied to its length.
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
