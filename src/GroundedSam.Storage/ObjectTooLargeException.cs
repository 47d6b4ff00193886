namespace GroundedSam.Storage;

/// <summary>An object turned out larger than its reader allows (<see cref="SizeLimitedStream"/>); nothing beyond the limit was kept.</summary>
public sealed class ObjectTooLargeException(long limit) : IOException($"The object is larger than the {limit:N0} bytes allowed for it.")
{
    public long Limit { get; } = limit;
}
