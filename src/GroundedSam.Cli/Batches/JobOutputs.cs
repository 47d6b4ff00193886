using GroundedSam.Storage;

namespace GroundedSam.Cli.Batches;

/// <summary>A job's outputs (<c>jobs/{jobId}/…</c> in the results bucket) copied into a local folder of their own.</summary>
internal static class JobOutputs
{
    /// <summary>Replaces <paramref name="folder"/> with the job's objects; returns their keys relative to the job.</summary>
    public static async Task<IReadOnlyList<string>> DownloadAsync(IObjectStore objects, StorageLayout layout, Guid jobId, string folder, CancellationToken cancellationToken)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var prefix = StorageLayout.JobPrefix(jobId);
        var written = new List<string>();
        await foreach (var item in objects.ListAsync(layout.ResultsBucket, prefix, cancellationToken))
        {
            var relative = item.Ref.Key[prefix.Length..];
            var path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var file = File.Create(path);
            await objects.GetAsync(item.Ref, file, cancellationToken);
            written.Add(relative);
        }

        return written;
    }
}
