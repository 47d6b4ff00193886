using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GroundedSam.Cli.Folders;
using GroundedSam.Contracts;
using Spectre.Console;

namespace GroundedSam.Cli.Viewer;

/// <summary>
/// <c>{out}/index.html</c>, the results viewer <c>run</c>, <c>segment</c> and <c>results</c> write: one static page
/// that works offline from the folder (no server, nothing fetched). The gallery shows each photo's
/// <c>thumbnail.jpg</c> with its objects per label, sorts and filters by label and score, and lists the failures with
/// their reasons; <c>#photo=…</c> shows one photo: its <c>preview.jpg</c> with each instance's mask as a layer that
/// can be switched off, the boxes, the merged mask, and the detections table. The gallery loads only thumbnails,
/// and only as the cards scroll into view, so a folder of 5,000 photos opens at once.
/// <para>
/// Everything a photo's folder holds is read as untrusted (in <c>gsam results</c> it came from the store): the data
/// is embedded as JSON with every HTML-significant character escaped and the page builds its elements with
/// <c>textContent</c>, never markup; a mask is referenced only by a name the layout produces, and only when the file is there.
/// </para>
/// </summary>
internal static partial class ResultsPage
{
    public const string FileName = "index.html";

    /// <summary>How the page says it is gsam's: a later run replaces only a page that carries it.</summary>
    public const string Generator = "<meta name=\"generator\" content=\"gsam results viewer\">";

    /// <summary>Largest detections.json read for the page (as for <c>gsam export</c>).</summary>
    private const long MaxDetectionsBytes = 64L * 1024 * 1024;

    /// <summary>Largest existing index.html read to tell whether it is ours.</summary>
    private const long MaxExistingBytes = 1L << 30;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One photo of the run as the page lists it: its results folder, or its failure.</summary>
    /// <param name="Status"><c>ok</c> (its results are in <paramref name="Folder"/>), or what else became of it: <c>failed</c>,
    /// <c>dead-lettered</c>, <c>pending</c>, <c>not finished</c>.</param>
    public sealed record Photo(string Name, string? Folder, string Status, string? Reason = null, string? Detail = null)
    {
        /// <summary>A local run's photos (<c>run</c>, <c>segment</c>) as its summary has them, each succeeded one in its folder.</summary>
        /// <param name="files">The run's photos, in the summary's order.</param>
        public static Photo[] Of(IReadOnlyList<RunSummary.Photo> summary, IReadOnlyList<PhotoFile> files) =>
            [.. summary.Select((p, i) => new Photo(p.Name, p.Status == "ok" ? files[i].OutputName : null, p.Status, p.Reason, p.Detail))];
    }

    /// <summary>Writes <c>{root}/index.html</c> for <paramref name="photos"/>; returns its path.</summary>
    /// <param name="title">What the run was (<c>gsam run samples</c>, <c>gsam results {batch}</c>).</param>
    /// <exception cref="OutputConflictException">A file gsam did not write is in its place.</exception>
    public static async Task<string> WriteAsync(string root, string title, IReadOnlyList<Photo> photos, CancellationToken cancellationToken)
    {
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        var html = Encoding.UTF8.GetBytes(Render(title, Read(root, photos)));
        var path = Path.Combine(root, FileName);
        await OwnedFile.WriteAsync(path, "gsam", MaxExistingBytes, IsOurs, (stream, ct) => stream.WriteAsync(html, ct).AsTask(), cancellationToken);
        return path;
    }

    /// <summary>
    /// Writes the page and prints where it is; a page that cannot be written (someone else's index.html in its
    /// place, a full disk) is reported and leaves the results as they are.
    /// </summary>
    public static async Task WriteAndReportAsync(IAnsiConsole console, string root, string title, IReadOnlyList<Photo> photos)
    {
        try
        {
            var path = await WriteAsync(root, title, photos, CancellationToken.None);
            console.MarkupLineInterpolated($"Viewer: [blue]{TerminalText.Safe(new Uri(path).AbsoluteUri)}[/]");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The results are written whatever happens to the page: it is reported, never the run's failure.
            console.MarkupLineInterpolated($"[yellow]The viewer was not written:[/] {TerminalText.Safe(ex.Message)}");
        }
    }

    /// <summary>The page for <paramref name="photos"/>, as <see cref="Read"/> found them.</summary>
    internal static string Render(string title, IReadOnlyList<PhotoData> photos)
    {
        var data = JsonSerializer.Serialize(new { Title = title, Photos = photos }, Json);
        var style = Resource("viewer.css");
        var script = Resource("viewer.js");
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["generator"] = Generator,
            ["title"] = WebUtility.HtmlEncode(title),
            ["style"] = style,
            ["script"] = script,
            // The page's Content-Security-Policy runs its own script and style only: nothing injected would run.
            ["style-hash"] = Sha256Source(style),
            ["script-hash"] = Sha256Source(script),
            // The default encoder writes '<', '>', '&', quotes and every non-ASCII character as \uXXXX: no "</script>"
            // or comment can appear inside the data, whatever a label or a file name holds.
            ["data"] = data,
        };

        return Placeholder().Replace(Resource("viewer.html"), match => values[match.Groups[1].Value]);
    }

    /// <summary>What the page embeds for one photo.</summary>
    internal sealed record PhotoData(string Name, string? Folder, string Status, string? Reason, string? Detail, string? Prompt, int Width, int Height,
        IReadOnlyList<string> Files, IReadOnlyList<InstanceData> Instances);

    /// <param name="Mask">The mask file's path in the photo's folder, null when there is none to show.</param>
    internal sealed record InstanceData(string Id, string Label, float Score, float DetectorScore, float MaskScore, long Area, float[] Box, string? Mask);

    /// <summary>The files of a photo's folder the page shows, when they are there.</summary>
    private static readonly string[] Pictures = [JobFiles.Preview, JobFiles.Thumbnail, JobFiles.Overlay, JobFiles.MergedMask, JobFiles.Detections];

    internal static List<PhotoData> Read(string root, IReadOnlyList<Photo> photos)
    {
        var read = new List<PhotoData>(photos.Count);
        foreach (var photo in photos)
        {
            if (photo.Status != "ok" || photo.Folder is null)
            {
                read.Add(new PhotoData(photo.Name, null, photo.Status, photo.Reason, photo.Detail, null, 0, 0, [], []));
                continue;
            }

            var folder = Path.Combine(root, photo.Folder);
            try
            {
                var detections = ReadDetections(Path.Combine(folder, JobFiles.Detections));
                var instances = detections.Annotations!.Select(a => new InstanceData(
                    a!.InstanceId!, a.ClassName!, a.Score, a.DetectorScore, a.MaskScore, a.Area, a.Bbox!,
                    IsMaskName(a.MaskFile) && IsFile(folder, a.MaskFile!) ? a.MaskFile : null)).ToList();
                read.Add(new PhotoData(photo.Name, photo.Folder, "ok", null, null, detections.Prompt, detections.ImgWidth, detections.ImgHeight,
                    [.. Pictures.Where(file => IsFile(folder, file))], instances));
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                read.Add(new PhotoData(photo.Name, photo.Folder, "failed", "ResultsUnreadable", $"{JobFiles.Detections}: {ex.Message}", null, 0, 0, [], []));
            }
        }

        return read;
    }

    /// <summary>
    /// The fields of detections.json the page shows (not the RLE strings, which can be most of the file), checked as
    /// untrusted: every annotation present with its names, finite scores and a finite four-number box.
    /// </summary>
    private sealed record Detections(Annotation?[]? Annotations, int ImgWidth, int ImgHeight, string? Prompt);

    private sealed record Annotation(string? ClassName, string? InstanceId, float[]? Bbox, float Score, float DetectorScore, float MaskScore, long Area, string? MaskFile);

    private static readonly JsonSerializerOptions DetectionsJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static Detections ReadDetections(string path)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is not null || !file.Exists || file.Length is 0 or > MaxDetectionsBytes)
        {
            throw new InvalidDataException($"not a regular file of 1 to {MaxDetectionsBytes:N0} bytes");
        }

        var document = JsonSerializer.Deserialize<Detections>(File.ReadAllBytes(path), DetectionsJson);
        if (document?.Annotations is null || document.ImgWidth <= 0 || document.ImgHeight <= 0)
        {
            throw new InvalidDataException("no annotations or no photo size");
        }

        foreach (var a in document.Annotations)
        {
            if (a?.ClassName is null || a.InstanceId is null || a.Bbox is not { Length: 4 } || !a.Bbox.All(float.IsFinite)
                || !float.IsFinite(a.Score) || !float.IsFinite(a.DetectorScore) || !float.IsFinite(a.MaskScore))
            {
                throw new InvalidDataException("an annotation without its class_name, instance_id, finite scores or a box of four finite numbers");
            }
        }

        return document;
    }

    // Only names the layout produces (masks/{id}.png), so that no path in the page leaves the photo's folder.
    private static bool IsMaskName(string? file) => file is not null && file.StartsWith("masks/", StringComparison.Ordinal) && JobFiles.IsArtifact(file);

    // A regular file with content: not a link, and not a FIFO or device (size 0), which a browser would wait on forever.
    private static bool IsFile(string folder, string file)
    {
        var info = new FileInfo(Path.Combine(folder, file));
        return info.LinkTarget is null && info.Exists && info.Length > 0;
    }

    private static bool IsOurs(Stream stream)
    {
        var head = new byte[4096];
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(head, 0, length).Contains(Generator, StringComparison.Ordinal);
    }

    private static string Resource(string name)
    {
        using var stream = typeof(ResultsPage).Assembly.GetManifestResourceStream($"GroundedSam.Cli.Viewer.{name}")
            ?? throw new InvalidOperationException($"The viewer's {name} is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // The browser hashes a script with its line breaks as LF: a checkout with CRLF must not break the page's CSP.
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    private static string Sha256Source(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex(@"\{\{(generator|title|style|script|style-hash|script-hash|data)\}\}")]
    private static partial Regex Placeholder();
}
