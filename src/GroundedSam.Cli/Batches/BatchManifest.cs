using System.Text.Json;
using GroundedSam.Contracts;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// <c>batches/{batchId}/jobs.json</c> in the results bucket: the jobs <c>gsam submit</c> published, so that
/// <c>gsam results</c> can find their outputs later from any machine.
/// </summary>
internal sealed record BatchManifest(Guid BatchId, string Prompt, DateTimeOffset SubmittedAt, IReadOnlyList<BatchManifest.Job> Jobs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static BatchManifest Parse(byte[] json) =>
        JsonSerializer.Deserialize<BatchManifest>(json, Json) ?? throw new JsonException("The batch manifest is empty.");

    /// <param name="Name">The photo's path relative to the submitted folder; its results go to a folder of that name.</param>
    public sealed record Job(Guid JobId, ObjectRef Image, string Name, string OutputName);
}
