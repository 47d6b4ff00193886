namespace GroundedSam.Testing;

/// <summary>An S3-compatible server for integration tests: its URL (scheme, host and port) and the keys it accepts.</summary>
public sealed record S3Endpoint(Uri Url, string AccessKey, string SecretKey)
{
    /// <summary>Keys must not leak into test logs.</summary>
    public override string ToString() => $"S3 at {Url}";
}
