using System.Text;
using System.Text.RegularExpressions;
using GroundedSam.Contracts;

namespace GroundedSam.Storage;

/// <summary>
/// The one place that knows where objects go:
/// <code>
/// {images}/uploads/{batchId}/{file}            photos uploaded by gsam submit (or any key a producer names)
/// {results}/jobs/{jobId}/detections.json        Grounded-SAM-2 schema + our fields
/// {results}/jobs/{jobId}/masks/{label}-{n}.png  one per instance
/// {results}/jobs/{jobId}/labels/{label}.png     union per label
/// {results}/jobs/{jobId}/merged-mask.png        the mask InpaintReady points to
/// {results}/jobs/{jobId}/overlay.jpg            boxes, labels and coloured masks
/// {results}/jobs/{jobId}/preview.jpg            the photo at most 1333 px long, for the results viewer
/// {results}/jobs/{jobId}/thumbnail.jpg          the overlay at most 320 px long, for the viewer's gallery
/// {results}/jobs/{jobId}/outcome.json          how the job ended, written by the stage that ended it
/// {results}/batches/{batchId}/jobs.json         the jobs of a batch, written by gsam submit
/// {results}/batches/{batchId}/cancelled.json    written by gsam cancel: the batch's queued jobs end as Cancelled
/// </code>
/// Keys from outside are checked with <see cref="Validate(ObjectRef)"/>.
/// </summary>
public sealed partial class StorageLayout(string imagesBucket, string resultsBucket)
{
    /// <summary>S3 bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending alphanumeric.</summary>
    public const string BucketPattern = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

    public const int MaxKeyBytes = 1024;

    public StorageLayout(StorageOptions options)
        : this(options.ImagesBucket, options.ResultsBucket)
    {
    }

    public string ImagesBucket { get; } = imagesBucket;

    public string ResultsBucket { get; } = resultsBucket;

    public ObjectRef Upload(Guid batchId, string fileName) => new() { Bucket = ImagesBucket, Key = $"uploads/{batchId:N}/{fileName}" };

    /// <summary>
    /// A photo of a local run (<c>gsam segment</c>, <c>gsam run</c>) under its own name: the store is the run's alone,
    /// so no batch prefix is needed, and detections.json names the photo as the user knows it.
    /// </summary>
    public ObjectRef LocalPhoto(string relativePath) => new() { Bucket = ImagesBucket, Key = relativePath };

    public static string JobPrefix(Guid jobId) => $"jobs/{jobId:N}/";

    /// <summary>A job's output at a path relative to its folder, e.g. <c>masks/monitor-1.png</c>.</summary>
    public ObjectRef JobFile(Guid jobId, string relativePath) => new() { Bucket = ResultsBucket, Key = JobPrefix(jobId) + relativePath };

    public ObjectRef BatchManifest(Guid batchId) => new() { Bucket = ResultsBucket, Key = $"batches/{batchId:N}/jobs.json" };

    public ObjectRef BatchCancellation(Guid batchId) => new() { Bucket = ResultsBucket, Key = $"batches/{batchId:N}/cancelled.json" };

    public ObjectRef JobOutcome(Guid jobId) => JobFile(jobId, JobFiles.Outcome);

    /// <summary>Throws <see cref="InvalidObjectKeyException"/> unless the bucket and key are safe to use.</summary>
    public static void Validate(ObjectRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ValidateBucket(reference.Bucket);

        var key = reference.Key;
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidObjectKeyException("The object key is empty.");
        }

        ValidatePath(key, "object key");
    }

    /// <summary>Whether <paramref name="key"/> passes the key rules of <see cref="Validate(ObjectRef)"/>.</summary>
    public static bool IsValidKey(string key)
    {
        try
        {
            ValidatePath(key, "object key");
            return key.Length > 0;
        }
        catch (InvalidObjectKeyException)
        {
            return false;
        }
    }

    /// <summary>Throws <see cref="InvalidObjectKeyException"/> unless the bucket name follows <see cref="BucketPattern"/>.</summary>
    public static void ValidateBucket(string bucket)
    {
        // '$' in the pattern also matches before a final '\n', which no bucket name holds.
        if (bucket is null || bucket.Contains('\n') || !BucketRegex().IsMatch(bucket))
        {
            throw new InvalidObjectKeyException($"\"{bucket}\" is not a valid bucket name (3-63 lower-case letters, digits, '.', '-').");
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidObjectKeyException"/> unless <paramref name="prefix"/> is empty or a safe start of a key.
    /// A prefix may end with '/' (<c>jobs/{id}/</c>); otherwise it follows the key rules.
    /// </summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0)
        {
            ValidatePath(prefix.EndsWith('/') ? prefix[..^1] : prefix, "prefix");
        }
    }

    private static void ValidatePath(string path, string what)
    {
        if (Encoding.UTF8.GetByteCount(path) > MaxKeyBytes)
        {
            throw new InvalidObjectKeyException($"The {what} is longer than {MaxKeyBytes} bytes.");
        }

        // An empty part (leading, doubled or trailing '/') has no file on disk in the folder store and is a "folder
        // marker" in S3 consoles: neither is an object the pipeline reads or writes.
        var parts = path.Split('/');
        if (path.Contains('\\') || path.Any(char.IsControl) || parts.Any(part => part.Length == 0))
        {
            throw new InvalidObjectKeyException($"The {what} \"{path}\" must be relative, use '/' between non-empty parts and hold no control characters.");
        }

        if (parts.Any(part => part is "." or ".."))
        {
            throw new InvalidObjectKeyException($"The {what} \"{path}\" must not contain \".\" or \"..\" parts.");
        }
    }

    [GeneratedRegex(BucketPattern, RegexOptions.CultureInvariant)]
    private static partial Regex BucketRegex();
}
