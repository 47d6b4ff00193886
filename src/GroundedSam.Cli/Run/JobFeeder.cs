using GroundedSam.Pipeline.Telemetry;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Folders;
using GroundedSam.Contracts;
using GroundedSam.Inference.Imaging;
using GroundedSam.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GroundedSam.Cli.Run;

/// <summary>
/// Puts each photo in the embedded store and sends its job, at most <c>window</c> jobs in flight. MassTransit's
/// in-memory transport hands every queued message to its consumer and finishes them all before it stops, so a run
/// that queued everything at once could not be stopped by Ctrl-C until the whole folder was done. A photo that
/// cannot be read (FIFO, link loop, too large) ends its job here, with the failure a worker would have given it.
/// </summary>
internal sealed class JobFeeder(IServiceProvider services, BatchProgress progress, int window)
{
    /// <param name="message">Builds the job for a photo's job id and stored image.</param>
    public async Task SendAsync(IReadOnlyDictionary<Guid, PhotoFile> jobs, Func<Guid, ObjectRef, SegmentImage> message, CancellationToken cancellationToken)
    {
        var objects = services.GetRequiredService<IObjectStore>();
        var layout = services.GetRequiredService<StorageLayout>();
        var bus = services.GetRequiredService<IBus>();
        var maxBytes = services.GetRequiredService<PhotoDecoder>().Limits.MaxBytes;
        var entries = jobs.ToList();
        var names = UploadNames.Assign([.. entries.Select(e => e.Value)]);
        // Not disposed: an event raised on a bus thread as this method returns may still release it.
        var slots = new SemaphoreSlim(window);
        void Release() => slots.Release();
        progress.JobEnded += Release;
        try
        {
            for (var i = 0; i < entries.Count; i++)
            {
                await slots.WaitAsync(cancellationToken);
                var (jobId, photo) = entries[i];
                var image = layout.LocalPhoto(names[i]);
                byte[] bytes;
                try
                {
                    bytes = PhotoReader.Read(photo.Path, maxBytes);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    progress.Record(progress.BatchId, jobId, UnreadablePhoto.Failure(jobId, progress.BatchId, image, ex));
                    continue;
                }

                using (var content = new MemoryStream(bytes, writable: false))
                {
                    await objects.PutAsync(image, content, bytes.Length, "application/octet-stream", cancellationToken);
                }

                using var trace = PipelineTracing.StartJob("gsam run", jobId, progress.BatchId);
                await bus.Publish(message(jobId, image), cancellationToken);
            }
        }
        finally
        {
            progress.JobEnded -= Release;
        }
    }
}
