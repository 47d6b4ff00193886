using System.Text.Json;
using GroundedSam.Contracts;

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

    /// <param name="Name">
    /// The photo's path relative to the submitted folder. <c>gsam results</c> derives the local folder from it with
    /// <c>OutputNames</c>, as <c>gsam run</c> does, and never uses a name from the manifest as a path.
    /// </param>
    public sealed record Job(Guid JobId, ObjectRef Image, string Name);
}
