using GroundedSam.Contracts;

namespace GroundedSam.Storage;

/// <summary>An object's address, size in bytes and content type (when the store knows it).</summary>
public sealed record ObjectInfo(ObjectRef Ref, long Size, string? ContentType);
