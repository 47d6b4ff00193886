using System.Text.Json;
using GroundedSam.Contracts;
using GroundedSam.Storage;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// <c>batches/{batchId}/jobs.json</c> in the results bucket: the jobs <c>gsam submit</c> published, so that
/// <c>gsam results</c> can find their outputs later from any machine.
/// </summary>
internal sealed record BatchManifest(Guid BatchId, string Prompt, DateTimeOffset SubmittedAt, IReadOnlyList<BatchManifest.Job> Jobs)
{
    /// <summary>Largest manifest read: about a million jobs.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads a manifest from the store, which is not trusted: every job needs an id and a name.</summary>
    public static BatchManifest Parse(byte[] json)
    {
        var manifest = JsonSerializer.Deserialize<BatchManifest>(json, Json) ?? throw new JsonException("The batch manifest is empty.");
        if (manifest.Jobs is null || manifest.Jobs.Any(j => j is null || j.JobId == Guid.Empty || string.IsNullOrEmpty(j.Name)))
        {
            throw new JsonException("The batch manifest lists a job without an id or a name.");
        }

        return manifest;
    }

    /// <summary>The batch's manifest from the results bucket, checked to be one and for this batch.</summary>
    /// <exception cref="ObjectNotFoundException">No batch of that id.</exception>
    /// <exception cref="InvalidDataException">Something else is stored in its place.</exception>
    public static async Task<BatchManifest> ReadAsync(IObjectStore store, StorageLayout layout, Guid batchId, CancellationToken cancellationToken)
    {
        var key = layout.BatchManifest(batchId);
        byte[] json;
        try
        {
            json = await store.ReadBytesAsync(key, MaxBytes, cancellationToken);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new ObjectNotFoundException(key, new InvalidOperationException($"No batch {batchId} in {layout.ResultsBucket}: check the id gsam submit printed.", ex));
        }
        catch (ObjectTooLargeException ex)
        {
            throw new InvalidDataException($"The manifest of batch {batchId} is over the {MaxBytes:N0}-byte limit.", ex);
        }

        try
        {
            var manifest = Parse(json);
            return manifest.BatchId == batchId ? manifest
                : throw new InvalidDataException($"The manifest at {key} belongs to batch {manifest.BatchId}, not {batchId}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The manifest of batch {batchId} is not valid: {ex.Message}", ex);
        }
    }

    /// <param name="Name">
    /// The photo's path relative to the submitted folder. <c>gsam results</c> derives the local folder from it with
    /// <c>OutputNames</c>, as <c>gsam run</c> does, and never uses a name from the manifest as a path.
    /// </param>
    public sealed record Job(Guid JobId, ObjectRef Image, string Name);
}
