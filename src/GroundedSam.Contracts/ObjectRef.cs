namespace GroundedSam.Contracts;

/// <summary>Where an object lives in S3-compatible storage.</summary>
public sealed record ObjectRef
{
    /// <summary>Bucket name, e.g. <c>gsam-images</c>.</summary>
    public required string Bucket { get; init; }

    /// <summary>Object key inside the bucket, e.g. <c>uploads/{batchId}/desk-1.jpg</c>. No leading '/', no "..".</summary>
    public required string Key { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Bucket}/{Key}";
}
