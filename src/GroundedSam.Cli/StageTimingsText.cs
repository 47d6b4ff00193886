using GroundedSam.Contracts;

namespace GroundedSam.Cli;

/// <summary>A photo's stage timings as <c>run</c> and <c>segment</c> print them after its line.</summary>
internal static class StageTimingsText
{
    /// <param name="merge">The merge stage's time, when the command measured it.</param>
    /// <param name="write">Writing the outputs.</param>
    public static string Format(StageTimings t, TimeSpan? merge, TimeSpan write) =>
        $"decode {Ms(t.DecodeMs)} · prepare {Ms(t.PreprocessMs)} · detect {Ms(t.DetectMs)} · segment {Ms(t.SegmentMs)} · masks {Ms(t.PostprocessMs)}" +
        (merge is { } m ? $" · merge {Ms(m.TotalMilliseconds)}" : string.Empty) + $" · write {Ms(write.TotalMilliseconds)}";

    private static string Ms(double milliseconds) => $"{milliseconds:0} ms";
}
