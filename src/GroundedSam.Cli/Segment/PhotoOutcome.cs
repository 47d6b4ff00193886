using GroundedSam.Cli.Folders;
using GroundedSam.Contracts;

namespace GroundedSam.Cli.Segment;

/// <summary>What happened to one photo: its result, or the reason it failed.</summary>
internal sealed record PhotoOutcome(PhotoFile Photo, ImageSegmented? Result, string? Error, TimeSpan MergeTime, TimeSpan WriteTime)
{
    public bool Failed => Error is not null;
}
