namespace GroundedSam.Cli.Batches;

/// <summary>A job that a stage gave up on after its retries: it is in that stage's <c>_error</c> queue, not lost.</summary>
/// <param name="Stage">"segmentation" or "merge".</param>
/// <param name="Error">The exception type and message of the last attempt.</param>
internal sealed record JobFaulted(string Stage, string Error);
