using GroundedSam.Storage;
using Microsoft.Extensions.Hosting;

namespace GroundedSam.Pipeline.Hosting;

/// <summary>Creates the images and results buckets when missing, before the bus starts taking messages.</summary>
public sealed class BucketSetup(IObjectStore store, StorageLayout layout) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureBucketAsync(layout.ImagesBucket, cancellationToken);
        await store.EnsureBucketAsync(layout.ResultsBucket, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
