namespace GroundedSam.Benchmarks.Orchestration;

/// <summary>One run: W workers, N photos, GPU latency L, wall time, and the process's working set over the run.</summary>
internal sealed record OrchestrationResult(int Workers, int Photos, TimeSpan Latency, TimeSpan Elapsed, long MinWorkingSet, long MaxWorkingSet, long EndWorkingSet)
{
    public double Throughput => Photos / Elapsed.TotalSeconds;

    public double Ideal => Workers / Latency.TotalSeconds;

    public double Efficiency => Throughput / Ideal;
}
