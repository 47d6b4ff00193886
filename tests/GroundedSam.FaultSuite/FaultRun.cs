using System.Diagnostics;
using System.Text.Json;
using GroundedSam.Contracts;
using GroundedSam.Storage;
using GroundedSam.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace GroundedSam.FaultSuite;

/// <summary>
/// One scenario from start to settled: a fleet of 3 segmentation and 2 merge workers, the jobs published at a steady
/// pace (one in ten as raw JSON from a plain AMQP client, the rest as <c>gsam submit</c> publishes them), the faults
/// injected until every job has ended, then the accounting: lost, duplicated, wrongly ended, incomplete outputs,
/// messages left in any queue, time to recover.
/// </summary>
internal static class FaultRun
{
    /// <summary>How long a run may take before the jobs still open count as lost.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ScenarioResult> RunAsync(Scenario scenario, int jobs, TimeSpan publishSpan, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var fleet = await Fleet.StartAsync(scenario.SegmentationProject, segmentationWorkers: 3, mergeWorkers: 2, cancellationToken);
        var ledger = new JobLedger();
        using var observer = await StartObserverAsync(fleet, ledger, cancellationToken);
        var plan = PlannedJob.Create(jobs, scenario.PoisonJobs);
        var images = await UploadAsync(fleet, plan, cancellationToken);
        log.WriteLine($"[{scenario.Name}] fleet ready, {plan.Count} jobs uploaded in {clock.Elapsed.TotalSeconds:0} s; publishing over {publishSpan.TotalSeconds:0} s");

        var faults = new FaultLog();
        using var stopFaults = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var injecting = scenario.Inject(fleet, faults, stopFaults.Token);
        var started = Stopwatch.StartNew();
        await PublishAsync(fleet, observer, plan, images, publishSpan, cancellationToken);
        while (ledger.Ended < plan.Count && started.Elapsed < Deadline)
        {
            await Task.Delay(500, cancellationToken);
        }

        await stopFaults.CancelAsync();
        await injecting;
        fleet.BrokerProxy.Restore();
        fleet.S3Proxy.Restore();
        await fleet.WaitUntilReadyAsync(TimeSpan.FromMinutes(3), cancellationToken);

        // Late duplicates and retried publishes land within seconds; the broker's queue statistics lag about 5 s.
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        var left = await QueuesSettledAsync(fleet.Broker, cancellationToken);
        var result = await AccountAsync(scenario, fleet, ledger, plan, faults, left, clock.Elapsed, cancellationToken);
        log.WriteLine($"[{scenario.Name}] {result.Ended}/{result.Sent} ended, {result.Lost} lost, {result.Duplicates} duplicate(s), " +
            $"{result.WrongOutcome} wrong, {result.Incomplete} incomplete, {result.LeftInQueues} left in queues, {result.Faults} fault(s), {result.Restarts} restart(s)");
        return result;
    }

    private static async Task<ScenarioResult> AccountAsync(Scenario scenario, Fleet fleet, JobLedger ledger, List<PlannedJob> plan, FaultLog faults,
        IReadOnlyDictionary<string, int> left, TimeSpan duration, CancellationToken cancellationToken)
    {
        var first = ledger.First;
        var problems = new List<string>();
        var lost = plan.Where(j => !first.ContainsKey(j.JobId)).ToList();
        problems.AddRange(lost.Take(5).Select(j => $"lost: {j.Name} ({j.JobId:N})"));
        var wrong = plan.Where(j => first.TryGetValue(j.JobId, out var end) && end.Outcome != j.Expected).ToList();
        problems.AddRange(wrong.Take(5).Select(j => $"wrong: {j.Name} ended in {first[j.JobId].Outcome}, expected {j.Expected}"));
        var incomplete = 0;
        foreach (var job in plan.Where(j => first.TryGetValue(j.JobId, out var end) && end.Outcome == "InpaintReady"))
        {
            if (await MissingOutputAsync(fleet, job.JobId, cancellationToken) is { } missing)
            {
                incomplete++;
                problems.Add($"incomplete: {job.Name}: {missing}");
            }
        }

        problems.AddRange(left.Where(q => q.Value > 0).Select(q => $"left: {q.Value} message(s) in {q.Key}"));
        // For each fault, the wait from its end to the next job ending; faults after the last ending do not count.
        var times = ledger.Times.Order().ToList();
        TimeSpan? recovery = null;
        foreach (var fault in faults.Faults)
        {
            var next = times.FindIndex(t => t >= fault.End);
            if (next >= 0 && (recovery is null || times[next] - fault.End > recovery))
            {
                recovery = times[next] - fault.End;
            }
        }

        return new ScenarioResult(scenario.Name, scenario.Description, plan.Count, plan.Count - lost.Count, lost.Count, ledger.Duplicates, wrong.Count, incomplete,
            left.Values.Sum(), recovery, duration, faults.Faults.Count, fleet.Restarts, problems)
        {
            PoisonCrashes = fleet.PoisonCrashes,
            PoisonCrashNotes = [.. fleet.PoisonCrashNotes],
        };
    }

    // The files InpaintReady promises: detections.json, every instance mask it lists, the merged mask, the overlay.
    private static async Task<string?> MissingOutputAsync(Fleet fleet, Guid jobId, CancellationToken cancellationToken)
    {
        var prefix = StorageLayout.JobPrefix(jobId);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in fleet.Store.ListAsync(fleet.Layout.ResultsBucket, prefix, cancellationToken))
        {
            keys.Add(item.Ref.Key[prefix.Length..]);
        }

        foreach (var fixedFile in new[] { "detections.json", "merged-mask.png", "overlay.jpg" })
        {
            if (!keys.Contains(fixedFile))
            {
                return $"no {fixedFile}";
            }
        }

        using var buffer = new MemoryStream();
        await fleet.Store.GetAsync(fleet.Layout.JobFile(jobId, "detections.json"), buffer, cancellationToken);
        using var document = JsonDocument.Parse(buffer.ToArray());
        var masks = document.RootElement.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("mask_file").GetString()!);
        return masks.FirstOrDefault(m => !keys.Contains(m)) is { } absent ? $"no {absent}" : null;
    }

    // The broker's statistics lag: read until two reads a few seconds apart agree.
    private static async Task<IReadOnlyDictionary<string, int>> QueuesSettledAsync(BrokerIsolation broker, CancellationToken cancellationToken)
    {
        var previous = await broker.QueuesAsync();
        for (var i = 0; i < 12; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            var now = await broker.QueuesAsync();
            if (now.Values.Sum() == 0 || (now.Count == previous.Count && now.All(q => previous.TryGetValue(q.Key, out var p) && p == q.Value)))
            {
                return now;
            }

            previous = now;
        }

        return previous;
    }

    private static async Task<Dictionary<Guid, ObjectRef>> UploadAsync(Fleet fleet, List<PlannedJob> plan, CancellationToken cancellationToken)
    {
        var batch = Guid.NewGuid();
        var images = new Dictionary<Guid, ObjectRef>();
        foreach (var job in plan)
        {
            var image = fleet.Layout.Upload(batch, job.Name);
            await fleet.Store.PutAsync(image, new MemoryStream(job.Photo), job.Photo.Length, "application/octet-stream", cancellationToken);
            images[job.JobId] = image;
        }

        return images;
    }

    private static async Task PublishAsync(Fleet fleet, IHost observer, List<PlannedJob> plan, Dictionary<Guid, ObjectRef> images, TimeSpan span,
        CancellationToken cancellationToken)
    {
        var bus = observer.Services.GetRequiredService<IBus>();
        var batch = Guid.NewGuid();
        var endpoint = fleet.Broker.Endpoint;
        var factory = new ConnectionFactory { HostName = endpoint.Host, Port = endpoint.Port, UserName = endpoint.UserName, Password = endpoint.Password, VirtualHost = endpoint.VirtualHost };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var pace = span / Math.Max(1, plan.Count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < plan.Count; i++)
        {
            var job = new SegmentImage { JobId = plan[i].JobId, BatchId = batch, Image = images[plan[i].JobId], Prompt = "monitor. keyboard. mouse.", SubmittedAt = DateTimeOffset.UtcNow };
            if (i % 10 == 9)
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(job, Json);
                var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
                await channel.BasicPublishAsync("", "segment-image", mandatory: true, properties, json, cancellationToken);
            }
            else
            {
                await bus.Publish(job, cancellationToken);
            }

            var due = pace * (i + 1) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }
        }
    }

    private static Task<IHost> StartObserverAsync(Fleet fleet, JobLedger ledger, CancellationToken cancellationToken) =>
        TestHosts.StartListenerAsync<JobLedger>(fleet.Broker.Endpoint.Settings(), services => services.AddSingleton(ledger), cancellationToken);
}
