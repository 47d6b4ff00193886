using GroundedSam.Contracts;
using GroundedSam.Inference.Outputs;
using GroundedSam.Storage;

namespace GroundedSam.Segmentation;

/// <summary>
/// A job's outputs in the results bucket under <c>jobs/{jobId}/</c>. A job that runs again (the same id, a new prompt)
/// must leave exactly its new outputs: after the upload, every object of the layout's kinds
/// (<see cref="JobFiles.IsArtifact"/>) that this run did not write is deleted, the merged mask included
/// until the merge stage writes the new one. Objects of other kinds under the prefix are not ours and stay.
/// </summary>
public static class JobArtifacts
{
    /// <summary>Uploads the artifacts (a few at a time), then removes what an earlier run left; returns the keys removed.</summary>
    public static async Task<IReadOnlyList<string>> ReplaceAsync(IObjectStore store, StorageLayout layout, Guid jobId, IReadOnlyList<OutputArtifact> artifacts,
        CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(artifacts, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (artifact, ct) =>
        {
            using var content = new MemoryStream(artifact.Content, writable: false);
            await store.PutAsync(layout.JobFile(jobId, artifact.RelativePath), content, artifact.Content.Length, artifact.ContentType, ct);
        });

        var prefix = StorageLayout.JobPrefix(jobId);
        var written = artifacts.Select(a => a.RelativePath).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string>();
        await foreach (var item in store.ListAsync(layout.ResultsBucket, prefix, cancellationToken))
        {
            var relative = item.Ref.Key[prefix.Length..];
            if (JobFiles.IsArtifact(relative) && !written.Contains(relative))
            {
                stale.Add(item.Ref.Key);
            }
        }

        foreach (var key in stale)
        {
            await store.DeleteAsync(new() { Bucket = layout.ResultsBucket, Key = key }, cancellationToken);
        }

        return stale;
    }
}
