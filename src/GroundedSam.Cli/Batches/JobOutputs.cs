using GroundedSam.Contracts;
using GroundedSam.Cli.Folders;
using GroundedSam.Storage;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// A job's outputs (<c>jobs/{jobId}/…</c> in the results bucket) copied into <c>{out}/{name}/</c> through
/// <see cref="ResultFolder"/>. The store is not trusted: only keys the layout produces are copied
/// (<see cref="JobFiles.IsArtifact"/>), each at most <see cref="MaxObjectBytes"/>, all checked
/// before the first file is created.
/// </summary>
internal static class JobOutputs
{
    /// <summary>Largest object copied: a 50 MP overlay or mask is far smaller.</summary>
    public const long MaxObjectBytes = 256L * 1024 * 1024;

    /// <summary>Most objects copied for one job.</summary>
    public const int MaxObjects = 10_000;

    /// <summary>Copies the job's outputs; returns the relative paths written and the keys left out (with why).</summary>
    public static async Task<(IReadOnlyList<string> Written, IReadOnlyList<string> LeftOut)> DownloadAsync(IObjectStore objects, StorageLayout layout,
        Guid jobId, string root, string name, CancellationToken cancellationToken)
    {
        var prefix = StorageLayout.JobPrefix(jobId);
        var files = new Dictionary<string, ObjectInfo>(StringComparer.Ordinal);
        var leftOut = new List<string>();
        await foreach (var item in objects.ListAsync(layout.ResultsBucket, prefix, cancellationToken))
        {
            var relative = item.Ref.Key.StartsWith(prefix, StringComparison.Ordinal) ? item.Ref.Key[prefix.Length..] : item.Ref.Key;
            if (JobFiles.IsBookkeeping(relative))
            {
                continue;
            }

            if (!JobFiles.IsArtifact(relative))
            {
                leftOut.Add($"{TerminalText.Safe(item.Ref.Key)}: not a file gsam writes");
            }
            else if (item.Size > MaxObjectBytes)
            {
                leftOut.Add($"{TerminalText.Safe(item.Ref.Key)}: {item.Size:N0} bytes, over the {MaxObjectBytes:N0}-byte limit");
            }
            else if (files.Count >= MaxObjects)
            {
                leftOut.Add($"{TerminalText.Safe(item.Ref.Key)}: more than {MaxObjects} objects in one job");
            }
            else
            {
                files[relative] = item;
            }
        }

        await ResultFolder.WriteAsync(root, name, [.. files.Keys], async (relative, stream, ct) =>
        {
            await using var limited = new SizeLimitedStream(stream, files[relative].Size);
            await objects.GetAsync(files[relative].Ref, limited, ct);
        }, cancellationToken);
        return ([.. files.Keys], leftOut);
    }
}
