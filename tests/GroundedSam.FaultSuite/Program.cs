using GroundedSam.FaultSuite;

// dotnet run --project tests/GroundedSam.FaultSuite -- [--jobs 500] [--publish-seconds 60] [--scenarios kill,broker,...] [--out docs/reliability.md]
// Needs RabbitMQ (with its management API) and an S3 server: `eval "$(bash .ci/services start)"` first.
var options = args.Select((value, i) => (value, i)).Where(a => a.value.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(a => a.value[2..], a => a.i + 1 < args.Length ? args[a.i + 1] : "");
var jobs = int.Parse(options.GetValueOrDefault("jobs", "500"), System.Globalization.CultureInfo.InvariantCulture);
var span = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("publish-seconds", "60"), System.Globalization.CultureInfo.InvariantCulture));
var scenarios = options.GetValueOrDefault("scenarios", "kill,broker,s3-freeze,s3-refuse,sigterm,poison").Split(',').Select(Scenario.Get).ToList();
var output = options.GetValueOrDefault("out", "docs/reliability.md");

var results = new List<ScenarioResult>();
foreach (var scenario in scenarios)
{
    results.Add(await FaultRun.RunAsync(scenario, jobs, span, Console.Out, CancellationToken.None));
}

var command = "dotnet run -c Release --project tests/GroundedSam.FaultSuite -- " + string.Join(' ', args);
var existing = File.Exists(output) ? await File.ReadAllTextAsync(output) : null;
await File.WriteAllTextAsync(output, ReliabilityReport.Merge(existing, ReliabilityReport.Write(results, command, jobs)));
Console.WriteLine($"written to {output}");
return results.All(r => r.Clean) ? 0 : 1;
