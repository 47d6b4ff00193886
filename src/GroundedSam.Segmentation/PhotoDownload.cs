using GroundedSam.Pipeline.Delivery;
using System.Diagnostics;
using GroundedSam.Contracts;
using GroundedSam.Storage;

namespace GroundedSam.Segmentation;

/// <summary>
/// The photo's bytes, at most the byte limit: its size is checked before the read, and the read itself stops at the
/// limit, so an object that grows meanwhile cannot fill the worker's memory.
/// </summary>
public static class PhotoDownload
{
    public static async Task<(byte[] Bytes, TimeSpan Elapsed)> ReadAsync(IObjectStore store, ObjectRef image, long maxBytes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var info = await store.StatAsync(image, cancellationToken)
            ?? throw new JobRejectedException(FailureReason.ImageNotFound, $"No object {image}. Upload the photo first, or correct the key.");
        if (info.Size > maxBytes)
        {
            throw TooLarge(image, maxBytes);
        }

        byte[] bytes;
        try
        {
            bytes = await store.ReadBytesAsync(image, maxBytes, cancellationToken, (int)info.Size);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new JobRejectedException(FailureReason.ImageNotFound, $"No object {image}: it was deleted while the job waited.", ex);
        }
        catch (ObjectTooLargeException ex)
        {
            throw TooLarge(image, maxBytes, ex);
        }

        return (bytes, clock.Elapsed);
    }

    private static JobRejectedException TooLarge(ObjectRef image, long maxBytes, Exception? inner = null) => new(FailureReason.ImageTooLarge,
        $"{image} is larger than {maxBytes:N0} bytes, the most this worker accepts. Re-encode the photo smaller.", inner);
}
