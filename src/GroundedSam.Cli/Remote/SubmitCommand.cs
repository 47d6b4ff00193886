using System.CommandLine;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Segment;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GroundedSam.Cli.Remote;

/// <summary>
/// <c>gsam submit &lt;folder&gt; --prompt …</c>: uploads the photos (skipping those already there), writes the batch's
/// job list, publishes one <c>SegmentImage</c> per photo, and with <c>--wait</c> follows the batch to its end.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Argument<string>("input") { Description = "A photo, or a folder of photos (searched recursively)." };
        var wait = new Option<bool>("--wait") { Description = "Show a progress bar until every job has ended, then a summary." };
        var batch = new Option<Guid?>("--batch") { Description = "Reuse a batch id: photos already uploaded are skipped and the same job ids are published again." };
        var job = new JobOptions();
        var remote = new RemoteOptions();
        var command = new Command("submit", "Upload photos to S3 and queue one segmentation job per photo on RabbitMQ.") { input, wait, batch };
        job.AddTo(command);
        remote.AddTo(command);
        command.SetAction((result, cancellationToken) => CliErrors.GuardAsync(console, () =>
            SubmitAsync(console, result, result.GetValue(input)!, result.GetValue(batch) ?? Guid.NewGuid(), result.GetValue(wait), job, remote, cancellationToken)));
        return command;
    }

    private static async Task<int> SubmitAsync(IAnsiConsole console, ParseResult parse, string input, Guid batchId, bool wait,
        JobOptions job, RemoteOptions remote, CancellationToken cancellationToken)
    {
        var (request, merge) = job.Read(parse);
        var (photos, skipped) = PhotoSet.Find(input);
        if (photos.Count == 0)
        {
            console.MarkupLineInterpolated($"[red]No photos in {input}[/] ({skipped} other files skipped).");
            return ExitCodes.Unusable;
        }

        var jobs = photos.ToDictionary(p => JobIds.For(batchId, p.DisplayName));
        var progress = wait ? new BatchProgress(batchId, jobs.Keys) : null;
        using var host = RemoteHost.Build(remote.Read(parse), withBus: true, progress);
        await RemoteHost.StartAsync(host, cancellationToken);
        try
        {
            var store = host.Services.GetRequiredService<IObjectStore>();
            var layout = host.Services.GetRequiredService<StorageLayout>();
            var bus = host.Services.GetRequiredService<IBus>();
            var now = DateTimeOffset.UtcNow;
            var manifest = new BatchManifest(batchId, request.Prompt, now, [.. jobs.Select(j =>
                new BatchManifest.Job(j.Key, layout.Upload(batchId, j.Value.DisplayName.Replace('\\', '/')), j.Value.DisplayName, j.Value.OutputName))]);

            var uploaded = 0;
            foreach (var entry in manifest.Jobs)
            {
                var file = new FileInfo(jobs[entry.JobId].Path);
                if (await store.StatAsync(entry.Image, cancellationToken) is { } existing && existing.Size == file.Length)
                {
                    continue;
                }

                await using var content = file.OpenRead();
                await store.PutAsync(entry.Image, content, file.Length, "application/octet-stream", cancellationToken);
                uploaded++;
            }

            var json = manifest.ToJson();
            using (var content = new MemoryStream(json, writable: false))
            {
                await store.PutAsync(layout.BatchManifest(batchId), content, json.Length, "application/json", cancellationToken);
            }

            foreach (var entry in manifest.Jobs)
            {
                await bus.Publish(JobOptions.ToMessage(request, merge, entry.JobId, batchId, entry.Image, now), cancellationToken);
            }

            console.MarkupLineInterpolated($"Batch [blue]{batchId}[/]: {photos.Count} job(s) queued ({uploaded} photo(s) uploaded, {photos.Count - uploaded} already there).");
            if (progress is null)
            {
                console.MarkupLineInterpolated($"Follow it with the workers' logs; fetch the outputs with: gsam results {batchId} --out DIR");
                return ExitCodes.Success;
            }

            var reporter = new BatchReporter(console, progress, manifest.Jobs.ToDictionary(j => j.JobId, j => j.Name));
            await reporter.WaitAsync(cancellationToken);
            console.MarkupLineInterpolated($"Fetch the outputs with: gsam results {batchId} --out DIR");
            return reporter.Summarize();
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
