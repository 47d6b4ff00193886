using System.Text.Json;

namespace GroundedSam.Inference.Models;

/// <summary><c>models/manifest.json</c>: the exports to download, pinned by revision, size and SHA-256.</summary>
public sealed record ModelManifest(IReadOnlyList<ModelManifest.Model> Models)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The manifest compiled into this program (a copy of models/manifest.json).</summary>
    public static ModelManifest Embedded()
    {
        using var stream = typeof(ModelManifest).Assembly.GetManifestResourceStream("GroundedSam.Inference.manifest.json")
            ?? throw new InvalidOperationException("The model manifest is missing from the assembly.");
        return Parse(stream);
    }

    public static ModelManifest Parse(Stream json) =>
        JsonSerializer.Deserialize<ModelManifest>(json, Json) ?? throw new JsonException("The model manifest is empty.");

    public sealed record Model(string Name, string Repository, string Revision, IReadOnlyList<ModelFile> Files);

    /// <param name="Path">Where the file goes, relative to the model's folder.</param>
    /// <param name="Bytes">Exact size.</param>
    /// <param name="Sha256">Lower-case hex digest.</param>
    public sealed record ModelFile(string Path, Uri Url, long Bytes, string Sha256);
}
