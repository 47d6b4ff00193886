using GroundedSam.FaultSuite;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// The short version of the fault suite (docs/reliability.md has the long one): real worker processes on the real
/// broker and S3 server, a worker killed every 10 s while the broker is away for 15 s, and a poison job that kills
/// its worker on every delivery. Nothing may be lost, wrong, incomplete or left in a queue.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed class FaultSuiteTests
{
    [Fact]
    public async Task KillsAndBrokerOutage_SixtyJobs_NothingLostIncompleteOrLeft()
    {
        var result = await FaultRun.RunAsync(Scenario.Get("kill+broker"), jobs: 60, publishSpan: TimeSpan.FromSeconds(40), TextWriter.Null,
            TestContext.Current.CancellationToken);

        Assert.True(result.Clean, Describe(result));
        Assert.True(result.Faults >= 3, Describe(result));
        Assert.True(result.Restarts >= 1, Describe(result));
    }

    [Fact]
    public async Task PoisonJobs_QuarantinedWithoutTakingOtherJobsWithThem()
    {
        var result = await FaultRun.RunAsync(Scenario.Get("poison"), jobs: 30, publishSpan: TimeSpan.FromSeconds(10), TextWriter.Null,
            TestContext.Current.CancellationToken);

        // Each poison job kills a worker once among others (both may share that first crash), then twice alone, and is
        // quarantined on its next return: 5 or 6 crashes by poison, and no other job ends in WorkerCrashed (Clean).
        // Counted from the crash message, not from restarts: a loaded machine may restart a worker for another reason
        // (a slow start), which says nothing about the quarantine.
        Assert.True(result.Clean, Describe(result));
        Assert.True(result.PoisonCrashes is >= 5 and <= 6, $"{result.PoisonCrashes} poison crashes:\n{string.Join("\n", result.PoisonCrashNotes)}");
    }

    private static string Describe(ScenarioResult result) =>
        $"{result.Ended}/{result.Sent} ended, {result.Lost} lost, {result.WrongOutcome} wrong, {result.Incomplete} incomplete, {result.LeftInQueues} left, " +
        $"{result.Faults} faults, {result.Restarts} restarts ({result.PoisonCrashes} by poison): {string.Join("; ", result.Problems)}";
}
