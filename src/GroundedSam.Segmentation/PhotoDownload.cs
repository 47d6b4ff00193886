using GroundedSam.Pipeline.Delivery;
using System.Diagnostics;
using GroundedSam.Contracts;
using GroundedSam.Storage;

namespace GroundedSam.Segmentation;

/// <summary>
/// The photo's bytes, at most the byte limit, in one read (no stat first): the store checks the size it announces with
/// the read before the body arrives, and the read itself stops at the limit, so an object that grows meanwhile cannot
/// fill the worker's memory.
/// </summary>
public static class PhotoDownload
{
    public static async Task<(byte[] Bytes, TimeSpan Elapsed)> ReadAsync(IObjectStore store, ObjectRef image, long maxBytes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return (await store.ReadBytesAsync(image, maxBytes, cancellationToken), clock.Elapsed);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new JobRejectedException(FailureReason.ImageNotFound, $"No object {image}. Upload the photo first, or correct the key.", ex);
        }
        catch (ObjectTooLargeException ex)
        {
            throw new JobRejectedException(FailureReason.ImageTooLarge,
                $"{image} is larger than {maxBytes:N0} bytes, the most this worker accepts. Re-encode the photo smaller.", ex);
        }
    }
}
