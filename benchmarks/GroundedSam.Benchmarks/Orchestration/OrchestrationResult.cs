namespace GroundedSam.Benchmarks.Orchestration;

/// <summary>One run: W workers, N photos, GPU latency L, wall time, the process's working set and CPU time, and the S3 requests by method.</summary>
internal sealed record OrchestrationResult(int Workers, int Photos, TimeSpan Latency, TimeSpan Elapsed, long MinWorkingSet, long MaxWorkingSet, long EndWorkingSet,
    IReadOnlyDictionary<string, int> S3Requests, TimeSpan Cpu, TimeSpan Jit, (int Gen0, int Gen1, int Gen2) Collections)
{
    /// <summary>This process's CPU time per job over the run: every worker host's, the merge worker's and the publisher's.</summary>
    public double CpuMsPerJob => Cpu.TotalMilliseconds / Photos;

    /// <summary>
    /// Of <see cref="CpuMsPerJob"/>, the JIT's compilation time per job: the tiers still being compiled in the
    /// background while the window runs. A long-running worker pays it once.
    /// </summary>
    public double JitMsPerJob => Jit.TotalMilliseconds / Photos;

    /// <summary>S3 requests per job, by method, e.g. "GET 4.0 · PUT 13.0".</summary>
    public string S3PerJob => string.Join(" · ", S3Requests.Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Key} {(double)r.Value / Photos:0.0}")));

    public double S3TotalPerJob => (double)S3Requests.Values.Sum() / Photos;

    public double Throughput => Photos / Elapsed.TotalSeconds;

    public double Ideal => Workers / Latency.TotalSeconds;

    public double Efficiency => Throughput / Ideal;
}
