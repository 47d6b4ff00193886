using System.Text;
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
/// {results}/batches/{batchId}/jobs.json         the jobs of a batch, written by gsam submit
/// </code>
/// Keys from outside are checked with <see cref="Validate(ObjectRef)"/>.
/// </summary>
public sealed class StorageLayout(string imagesBucket, string resultsBucket)
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

    public static string JobPrefix(Guid jobId) => $"jobs/{jobId:N}/";

    /// <summary>A job's output at a path relative to its folder, e.g. <c>masks/monitor-1.png</c>.</summary>
    public ObjectRef JobFile(Guid jobId, string relativePath) => new() { Bucket = ResultsBucket, Key = JobPrefix(jobId) + relativePath };

    public ObjectRef BatchManifest(Guid batchId) => new() { Bucket = ResultsBucket, Key = $"batches/{batchId:N}/jobs.json" };

    /// <summary>Throws <see cref="InvalidObjectKeyException"/> unless the bucket and key are safe to use.</summary>
    public static void Validate(ObjectRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Bucket is null || !System.Text.RegularExpressions.Regex.IsMatch(reference.Bucket, BucketPattern))
        {
            throw new InvalidObjectKeyException($"\"{reference.Bucket}\" is not a valid bucket name (3-63 lower-case letters, digits, '.', '-').");
        }

        var key = reference.Key;
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidObjectKeyException("The object key is empty.");
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new InvalidObjectKeyException($"The object key is longer than {MaxKeyBytes} bytes.");
        }

        if (key.StartsWith('/') || key.Contains('\\') || key.Contains("//", StringComparison.Ordinal) || key.Any(char.IsControl))
        {
            throw new InvalidObjectKeyException($"The object key \"{key}\" must be relative, use '/' between non-empty parts and hold no control characters.");
        }

        if (key.Split('/').Any(part => part is "." or ".."))
        {
            throw new InvalidObjectKeyException($"The object key \"{key}\" must not contain \".\" or \"..\" parts.");
        }
    }
}
