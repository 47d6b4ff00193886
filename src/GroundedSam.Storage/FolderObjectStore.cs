using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using GroundedSam.Contracts;

namespace GroundedSam.Storage;

/// <summary>
/// <see cref="IObjectStore"/> on a local folder, for the embedded mode: object <c>{bucket}/{key}</c> is the plain file
/// <c>{root}/{bucket}/{key}</c>, and its content type is kept in <c>{root}/.meta/{bucket}/{key}</c> (outside every
/// bucket, so listings never see it). Writes go to a hidden partial file beside the target and are renamed over it,
/// so readers see the old object or the new one, never half of one; of concurrent writers of one key, the last rename wins.
/// </summary>
/// <remarks>
/// Unlike S3, a folder cannot hold both <c>a/b</c> and <c>a/b/c</c>: the second write fails with an <see cref="IOException"/>.
/// The pipeline's key layout never does that.
/// </remarks>
public sealed partial class FolderObjectStore : IObjectStore
{
    internal const string MetadataFolder = ".meta";

    private static readonly EnumerationOptions AllFilesBelow = new()
    {
        RecurseSubdirectories = true,
        // The default skips hidden files, and on Unix every name starting with '.' is hidden: ".env" is a valid key.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        MatchType = MatchType.Simple,
    };

    private readonly string _root;

    public FolderObjectStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
    }

    /// <summary>The absolute folder that holds one subfolder per bucket.</summary>
    public string Root => _root;

    public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        StorageLayout.ValidateBucket(bucket);
        cancellationToken.ThrowIfCancellationRequested();
        _ = Directory.CreateDirectory(BucketPath(bucket));
        return Task.CompletedTask;
    }

    public async Task PutAsync(ObjectRef target, Stream content, long length, string contentType, CancellationToken cancellationToken)
    {
        StorageLayout.Validate(target);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);

        if (!Directory.Exists(BucketPath(target.Bucket)))
        {
            throw new BucketNotFoundException(target.Bucket);
        }

        var path = ObjectPath(target);
        var metadataPath = MetadataPath(target);

        // The whole body lands in the partial file before anything visible changes: a short stream or a cancellation
        // leaves the previous object and its content type as they were.
        await using var body = new ExactLengthStream(content, length);
        var partial = await WritePartialAsync(path, body, cancellationToken);
        try
        {
            // Content type first, then the bytes: concurrent writers of one key with different content types can end
            // with one's bytes and the other's type, a window S3 does not have and the pipeline never opens.
            using var type = new MemoryStream(Encoding.UTF8.GetBytes(contentType));
            var metadataPartial = await WritePartialAsync(metadataPath, type, cancellationToken);
            Replace(metadataPartial, metadataPath);
            Replace(partial, path);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    public async Task GetAsync(ObjectRef source, Stream destination, CancellationToken cancellationToken)
    {
        StorageLayout.Validate(source);
        ArgumentNullException.ThrowIfNull(destination);

        var path = ObjectPath(source);
        FileStream file;
        try
        {
            // FileShare.Delete lets a writer rename a new version over the file while this read goes on (Windows).
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException || (e is UnauthorizedAccessException && Directory.Exists(path)))
        {
            // A folder at the path is only a prefix of other keys, as in S3 where "a" does not exist beside "a/b".
            throw new ObjectNotFoundException(source, e);
        }

        await using (file)
        {
            (destination as SizeLimitedStream)?.Expect(file.Length);
            await file.CopyToAsync(destination, cancellationToken);
        }
    }

    public async Task<ObjectInfo?> StatAsync(ObjectRef source, CancellationToken cancellationToken)
    {
        StorageLayout.Validate(source);

        var file = new FileInfo(ObjectPath(source));
        if (!file.Exists)
        {
            return null;
        }

        string? contentType;
        try
        {
            contentType = await File.ReadAllTextAsync(MetadataPath(source), Encoding.UTF8, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // A file put into the folder by hand, not through the store.
            contentType = null;
        }

        return new ObjectInfo(source, file.Length, contentType);
    }

    public Task DeleteAsync(ObjectRef target, CancellationToken cancellationToken)
    {
        StorageLayout.Validate(target);
        cancellationToken.ThrowIfCancellationRequested();
        if (!Directory.Exists(BucketPath(target.Bucket)))
        {
            throw new BucketNotFoundException(target.Bucket);
        }

        // The bytes first: once they are gone the object is gone, whatever happens to its content type.
        DeleteFile(ObjectPath(target));
        DeleteFile(MetadataPath(target));
        return Task.CompletedTask;
    }

    /// <remarks>Listings carry no content type, as in S3: ask <see cref="StatAsync"/>.</remarks>
    public IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        StorageLayout.ValidateBucket(bucket);
        StorageLayout.ValidatePrefix(prefix);
        return ListValidatedAsync(bucket, prefix, cancellationToken);
    }

    /// <summary>Whether a file name is a write in progress (or one a crash interrupted) rather than an object.</summary>
    internal static bool IsPartial(string fileName) => PartialName().IsMatch(fileName);

    private async IAsyncEnumerable<ObjectInfo> ListValidatedAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Walking the folders blocks, so it runs off the caller's thread; the listing is sorted whole anyway.
        var found = await Task.Run(() => Collect(bucket, prefix, cancellationToken), cancellationToken);
        foreach (var info in found)
        {
            yield return info;
        }
    }

    private List<ObjectInfo> Collect(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var bucketPath = BucketPath(bucket);
        if (!Directory.Exists(bucketPath))
        {
            throw new BucketNotFoundException(bucket);
        }

        // Only the folder that holds the prefix's last complete part can contain matches.
        var folderPart = prefix[..(prefix.LastIndexOf('/') + 1)];
        var start = folderPart.Length == 0 ? bucketPath : Path.Combine(bucketPath, ToPlatform(folderPart.TrimEnd('/')));
        var found = new List<(byte[] Order, ObjectInfo Info)>();
        if (Directory.Exists(start))
        {
            foreach (var file in new DirectoryInfo(start).EnumerateFiles("*", AllFilesBelow))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsPartial(file.Name))
                {
                    continue;
                }

                var key = folderPart + Path.GetRelativePath(start, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    found.Add((Encoding.UTF8.GetBytes(key), new ObjectInfo(new ObjectRef { Bucket = bucket, Key = key }, file.Length, null)));
                }
            }
        }

        // S3 lists in UTF-8 byte order; UTF-16 ordinal order differs from it for characters beyond U+FFFF.
        found.Sort((a, b) => a.Order.AsSpan().SequenceCompareTo(b.Order));
        return found.ConvertAll(entry => entry.Info);
    }

    private static async Task<string> WritePartialAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path)!;
        _ = Directory.CreateDirectory(folder);

        // Beside the target so that the rename stays on one volume and is atomic.
        var partial = Path.Combine(folder, $".gsam-{Guid.NewGuid():N}.partial");
        try
        {
            var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file)
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);

                // On disk before the rename makes it visible, or a power cut could leave a renamed but empty file.
                file.Flush(flushToDisk: true);
            }

            return partial;
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    private static void Replace(string partial, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(partial, path, overwrite: true);
                return;
            }
            catch (Exception e) when (OperatingSystem.IsWindows() && attempt < 10 && e is IOException or UnauthorizedAccessException)
            {
                // Windows refuses to replace a file that another writer is replacing at the same moment, or that a
                // reader opened without FileShare.Delete; Unix renames never fail that way.
                Thread.Sleep(20 * attempt);
            }
        }
    }

    // A folder at the path is a prefix of other keys, not an object: nothing to delete, as in S3.
    private static void DeleteFile(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind, it is skipped by listings and never read as an object.
        }
    }

    private string BucketPath(string bucket) => Path.Combine(_root, bucket);

    private string ObjectPath(ObjectRef reference) => Inside(BucketPath(reference.Bucket), reference.Key);

    private string MetadataPath(ObjectRef reference) => Inside(Path.Combine(_root, MetadataFolder, reference.Bucket), reference.Key);

    private static string Inside(string folder, string key)
    {
        var path = Path.GetFullPath(Path.Combine(folder, ToPlatform(key)));

        // Validate already refused "..", absolute keys and backslashes; this catches what a platform adds
        // (a Windows drive prefix such as "C:x" in a key), so no key ever reaches outside its bucket's folder.
        if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidObjectKeyException($"The object key \"{key}\" does not name a file inside its bucket on this system.");
        }

        return path;
    }

    private static string ToPlatform(string key) => key.Replace('/', Path.DirectorySeparatorChar);

    [GeneratedRegex(@"^\.gsam-[0-9a-f]{32}\.partial\z", RegexOptions.CultureInvariant)]
    private static partial Regex PartialName();
}
