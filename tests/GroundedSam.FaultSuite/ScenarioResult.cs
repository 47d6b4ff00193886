namespace GroundedSam.FaultSuite;

/// <summary>What a scenario did to the jobs.</summary>
/// <param name="Lost">Jobs that never ended (no InpaintReady, SegmentationFailed or fault).</param>
/// <param name="Duplicates">Terminal events beyond one per job.</param>
/// <param name="WrongOutcome">Jobs that ended otherwise than their photo deserves (a good photo failed, a fault).</param>
/// <param name="Incomplete">Jobs announced ready whose outputs are not all in S3.</param>
/// <param name="LeftInQueues">Messages in any queue of the run once it settled, error queues included.</param>
/// <param name="Recovery">Longest time from the end of a fault to the next job ending.</param>
internal sealed record ScenarioResult(
    string Scenario,
    string Description,
    int Sent,
    int Ended,
    int Lost,
    int Duplicates,
    int WrongOutcome,
    int Incomplete,
    int LeftInQueues,
    TimeSpan? Recovery,
    TimeSpan Duration,
    int Faults,
    int Restarts,
    IReadOnlyList<string> Problems)
{
    /// <summary>Restarts after a worker died of a poison photo (the PoisonWorker's own crash message), apart from any other end.</summary>
    public int PoisonCrashes { get; init; }

    /// <summary>What each poison crash died in: the guard's isolated-run line, or a first delivery.</summary>
    public IReadOnlyList<string> PoisonCrashNotes { get; init; } = [];

    public bool Clean => Lost == 0 && WrongOutcome == 0 && Incomplete == 0 && LeftInQueues == 0;

    public double DuplicatesPerThousand => Sent == 0 ? 0 : Duplicates * 1000.0 / Sent;
}
