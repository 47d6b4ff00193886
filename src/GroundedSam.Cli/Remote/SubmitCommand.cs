using System.CommandLine;
using GroundedSam.Segmentation;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Folders;
using GroundedSam.Contracts;
using GroundedSam.Inference.Imaging;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
        JobOptions.PrintWarnings(console, request, merge);
        var set = PhotoSet.Find(input);
        PhotoSetReport.PrintNotes(console, set);
        if (set.Photos.Count == 0)
        {
            return PhotoSetReport.NoPhotos(console, input, set);
        }

        var jobs = set.Photos.ToDictionary(p => JobIds.For(batchId, p.RelativePath));
        var progress = wait ? new BatchProgress(batchId, jobs.Keys) : null;
        var configuration = remote.Read(parse).ToList();
        using var host = RemoteHost.Build(configuration, withBus: true, progress);
        await RemoteHost.StartAsync(host, cancellationToken);
        try
        {
            // Published into a broker where no segmentation worker ever declared its queue, a job is routed nowhere
            // and dropped without a word: refuse before uploading anything.
            var broker = host.Services.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
            if (!await BrokerConnection.QueueExistsAsync(broker, SegmentImageConsumerDefinition.QueueName, cancellationToken))
            {
                console.MarkupLineInterpolated(
                    $"[red]error:[/] no queue {SegmentImageConsumerDefinition.QueueName} in vhost {broker.VirtualHost}: no segmentation worker has ever started on this broker, so jobs would be dropped. Start one (it declares the queue), then submit again; nothing was uploaded or queued.");
                return ExitCodes.Unusable;
            }

            var store = host.Services.GetRequiredService<IObjectStore>();
            var layout = host.Services.GetRequiredService<StorageLayout>();
            var bus = host.Services.GetRequiredService<IBus>();
            var maxBytes = host.Services.GetRequiredService<IConfiguration>().GetValue("Segmentation:MaxImageBytes", new ImageLimits().MaxBytes);
            var now = TimeProvider.System.GetUtcNow();
            var entries = jobs.ToList();
            var names = UploadNames.Assign([.. entries.Select(e => e.Value)]);
            var sent = new List<BatchManifest.Job>();
            var uploaded = 0;
            for (var i = 0; i < entries.Count; i++)
            {
                var (jobId, photo) = entries[i];
                var image = layout.Upload(batchId, names[i]);
                try
                {
                    uploaded += await UploadAsync(store, photo, image, maxBytes, cancellationToken) ? 1 : 0;
                    sent.Add(new BatchManifest.Job(jobId, image, photo.RelativePath));
                }
                catch (Exception ex) when (ex is ImageRejectedException or IOException or UnauthorizedAccessException)
                {
                    var failure = UnreadablePhoto.Failure(jobId, batchId, image, ex);
                    progress?.Record(batchId, jobId, failure);
                    if (progress is null)
                    {
                        console.MarkupLineInterpolated($"[red]✗ {photo.DisplayName}[/]: {failure.Reason}: {TerminalText.Safe(failure.Detail)}");
                    }
                }
            }

            var manifest = new BatchManifest(batchId, request.Prompt, now, sent);
            var json = manifest.ToJson();
            using (var content = new MemoryStream(json, writable: false))
            {
                await store.PutAsync(layout.BatchManifest(batchId), content, json.Length, "application/json", cancellationToken);
            }

            foreach (var entry in sent)
            {
                using var trace = PipelineTracing.StartJob("gsam submit", entry.JobId, batchId);
                await bus.Publish(SegmentImageMapping.ToMessage(request, merge, entry.JobId, batchId, entry.Image, now), cancellationToken);
            }

            console.MarkupLineInterpolated($"Batch [blue]{batchId}[/]: {sent.Count} job(s) queued ({uploaded} photo(s) uploaded, {sent.Count - uploaded} already there); {set.Photos.Count - sent.Count} photo(s) could not be read.");
            if (progress is null)
            {
                console.MarkupLineInterpolated($"Follow it with the workers' logs; fetch the outputs with: gsam results {batchId} --out DIR");
                return sent.Count == set.Photos.Count ? ExitCodes.Success : ExitCodes.SomeFailed;
            }

            var reporter = new BatchReporter(console, progress, jobs.ToDictionary(j => j.Key, j => j.Value.DisplayName));
            var interrupted = false;
            try
            {
                await reporter.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }

            console.MarkupLineInterpolated($"Fetch the outputs with: gsam results {batchId} --out DIR");
            return reporter.Summarize(interrupted);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Uploads the photo unless an object of its size is already there (a resubmitted batch); returns whether it uploaded.</summary>
    private static async Task<bool> UploadAsync(IObjectStore store, PhotoFile photo, ObjectRef image, long maxBytes, CancellationToken cancellationToken)
    {
        var size = new FileInfo(photo.Path).Length;
        if (size > 0 && await store.StatAsync(image, cancellationToken) is { } existing && existing.Size == size)
        {
            return false;
        }

        var bytes = PhotoReader.Read(photo.Path, maxBytes);
        using var content = new MemoryStream(bytes, writable: false);
        await store.PutAsync(image, content, bytes.Length, "application/octet-stream", cancellationToken);
        return true;
    }
}
