namespace GroundedSam.FaultSuite;

/// <summary>A fleet fault, injected while the jobs run until they have all ended.</summary>
/// <param name="SegmentationProject">The segmentation worker to run: the production one, or the test-only poison worker.</param>
/// <param name="PoisonJobs">Photos among the jobs that kill the poison worker.</param>
internal sealed record Scenario(string Name, string Description, string SegmentationProject, int PoisonJobs,
    Func<Fleet, FaultLog, CancellationToken, Task> Inject)
{
    private const string Worker = "GroundedSam.SegmentationWorker";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("kill", "a random worker SIGKILLed every 10 s, restarted by the supervisor", Worker, 0, KillEvery10Seconds),
        new("broker", "the broker unreachable for 25 s (connections dropped, new ones refused)", Worker, 0,
            (fleet, log, ct) => After(10, () => log.WindowAsync("broker down", fleet.BrokerProxy.Cut, TimeSpan.FromSeconds(25), fleet.BrokerProxy.Restore, ct), ct)),
        new("s3-freeze", "S3 frozen for 15 s (connections open, no byte passes, as under SIGSTOP)", Worker, 0,
            (fleet, log, ct) => After(10, () => log.WindowAsync("S3 frozen", fleet.S3Proxy.Freeze, TimeSpan.FromSeconds(15), fleet.S3Proxy.Restore, ct), ct)),
        new("s3-refuse", "S3 refusing connections for 15 s", Worker, 0,
            (fleet, log, ct) => After(10, () => log.WindowAsync("S3 refusing", fleet.S3Proxy.Cut, TimeSpan.FromSeconds(15), fleet.S3Proxy.Restore, ct), ct)),
        new("sigterm", "SIGTERM to a segmentation worker every 15 s, in turn (jobs in hand finished or returned), restarted", Worker, 0, TerminateEvery15Seconds),
        new("poison", "2 photos that kill the (test-only) segmentation worker on every delivery", "GroundedSam.PoisonWorker", 2, (_, _, _) => Task.CompletedTask),
        new("kill+broker", "a worker SIGKILLed every 10 s and the broker unreachable for 15 s (the short version CI runs)", Worker, 0,
            (fleet, log, ct) => Task.WhenAll(KillEvery10Seconds(fleet, log, ct),
                After(8, () => log.WindowAsync("broker down", fleet.BrokerProxy.Cut, TimeSpan.FromSeconds(15), fleet.BrokerProxy.Restore, ct), ct))),
    ];

    public static Scenario Get(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"No scenario {name}; there are: {string.Join(", ", All.Select(s => s.Name))}.");

    private static async Task KillEvery10Seconds(Fleet fleet, FaultLog log, CancellationToken cancellationToken)
    {
        var random = new Random(20261129);
        var workers = fleet.All.ToList();
        while (await Wait(10, cancellationToken))
        {
            var victim = workers[random.Next(workers.Count)];
            log.Instant($"SIGKILL {victim.Name}", victim.Kill);
        }
    }

    private static async Task TerminateEvery15Seconds(Fleet fleet, FaultLog log, CancellationToken cancellationToken)
    {
        for (var turn = 0; await Wait(15, cancellationToken); turn++)
        {
            var worker = fleet.Segmentation[turn % fleet.Segmentation.Count];
            log.Instant($"SIGTERM {worker.Name}", worker.Terminate);
        }
    }

    private static async Task After(int seconds, Func<Task> fault, CancellationToken cancellationToken)
    {
        if (await Wait(seconds, cancellationToken))
        {
            await fault();
        }
    }

    private static async Task<bool> Wait(int seconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
