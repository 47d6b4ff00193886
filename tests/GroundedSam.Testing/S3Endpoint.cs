namespace GroundedSam.Testing;

/// <summary>An S3-compatible server for integration tests: its URL (scheme, host and port) and the keys it accepts.</summary>
public sealed record S3Endpoint(Uri Url, string AccessKey, string SecretKey)
{
    /// <summary>Keys must not leak into test logs.</summary>
    /// <summary>This server and two buckets as a host's settings ("Storage:Endpoint", …), reached through <paramref name="endpoint"/> when a proxy stands before it.</summary>
    public Dictionary<string, string?> Settings(string imagesBucket, string resultsBucket, string? endpoint = null) => new()
    {
        ["Storage:Endpoint"] = endpoint ?? $"{Url.Scheme}://{Url.Authority}",
        ["Storage:AccessKey"] = AccessKey,
        ["Storage:SecretKey"] = SecretKey,
        ["Storage:ImagesBucket"] = imagesBucket,
        ["Storage:ResultsBucket"] = resultsBucket,
    };

    public override string ToString() => $"S3 at {Url}";
}
