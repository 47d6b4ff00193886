using System.Text.Json;

namespace GroundedSam.Cli.Folders;

/// <summary>
/// A JSON file gsam writes beside the results (failures.json, a run's summary): an <see cref="OwnedFile"/> that gsam
/// recognises as its own by the <c>kind</c> it wrote into it.
/// </summary>
internal static class OwnedJsonFile
{
    private const long MaxExistingBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="document">Serialized camelCase; it should carry <paramref name="kind"/> as its <c>kind</c>.</param>
    /// <exception cref="OutputConflictException">A file gsam did not write is in its place.</exception>
    public static Task WriteAsync(string path, string kind, object document, CancellationToken cancellationToken) =>
        WriteAsync(path, "gsam", MaxExistingBytes, root => root.TryGetProperty("kind", out var value) && value.ValueEquals(kind),
            (stream, ct) => JsonSerializer.SerializeAsync(stream, document, Json, ct), cancellationToken);

    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, replacing only a JSON object <paramref name="isOurs"/> recognises.</summary>
    /// <param name="owner">Who the file belongs to, as the conflict message names it.</param>
    /// <param name="maxExistingBytes">Largest existing file read to tell whether it is ours.</param>
    /// <exception cref="OutputConflictException">Something else is in its place.</exception>
    public static Task WriteAsync(string path, string owner, long maxExistingBytes, Func<JsonElement, bool> isOurs, Func<Stream, CancellationToken, Task> write,
        CancellationToken cancellationToken) =>
        OwnedFile.WriteAsync(path, owner, maxExistingBytes, stream => IsOurs(stream, isOurs), write, cancellationToken);

    private static bool IsOurs(Stream stream, Func<JsonElement, bool> isOurs)
    {
        try
        {
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == JsonValueKind.Object && isOurs(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
