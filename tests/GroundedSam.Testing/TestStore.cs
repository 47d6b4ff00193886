using GroundedSam.Contracts;
using GroundedSam.Masks;
using GroundedSam.Storage;

namespace GroundedSam.Testing;

/// <summary>What tests do with a pipeline's object store: put a photo, read a mask back, list a job's files.</summary>
public static class TestStore
{
    /// <summary>Puts <paramref name="content"/> as a photo of batch <see cref="Guid.Empty"/> named <paramref name="name"/>.</summary>
    public static async Task<ObjectRef> UploadPhotoAsync(this IObjectStore store, StorageLayout layout, string name, byte[] content)
    {
        var image = layout.Upload(Guid.Empty, name);
        using var stream = new MemoryStream(content);
        await store.PutAsync(image, stream, content.Length, "image/jpeg", CancellationToken.None);
        return image;
    }

    public static async Task<BinaryMask> ReadMaskAsync(this IObjectStore store, ObjectRef mask)
    {
        using var buffer = new MemoryStream();
        await store.GetAsync(mask, buffer, CancellationToken.None);
        buffer.Position = 0;
        return MaskPng.Read(buffer);
    }

    /// <summary>The keys under the job's prefix in the results bucket, relative to it ("masks/monitor-1.png", …).</summary>
    public static async Task<List<string>> JobKeysAsync(this IObjectStore store, StorageLayout layout, Guid jobId)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(layout.ResultsBucket, StorageLayout.JobPrefix(jobId), CancellationToken.None))
        {
            keys.Add(item.Ref.Key[StorageLayout.JobPrefix(jobId).Length..]);
        }

        return keys;
    }

    /// <summary>A job for the desk prompt, with a fresh job id.</summary>
    public static SegmentImage Job(ObjectRef image, Guid batchId, string prompt = "monitor. keyboard. mouse.", MergePolicy? merge = null) => new()
    {
        JobId = Guid.NewGuid(),
        BatchId = batchId,
        Image = image,
        Prompt = prompt,
        Merge = merge,
        SubmittedAt = TimeProvider.System.GetUtcNow(),
    };
}
