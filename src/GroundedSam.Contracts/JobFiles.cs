namespace GroundedSam.Contracts;

/// <summary>
/// The names of a job's files below its folder (<c>jobs/{JobId}/</c> in the results bucket, a photo's folder under
/// <c>--out</c>): <c>masks/{label}-{n}.png</c> per instance, <c>labels/{label}.png</c> per label,
/// <c>merged-mask.png</c>, <c>detections.json</c>, <c>overlay.jpg</c>, and the results viewer's <c>preview.jpg</c> and
/// <c>thumbnail.jpg</c>. The one place that names them.
/// </summary>
public static class JobFiles
{
    /// <summary>The inpainting mask the merge stage writes (or <c>gsam segment</c>).</summary>
    public const string MergedMask = "merged-mask.png";

    /// <summary>The Grounded-SAM-2 style results with COCO RLE masks.</summary>
    public const string Detections = "detections.json";

    /// <summary>The annotated JPEG.</summary>
    public const string Overlay = "overlay.jpg";

    /// <summary>The photo without annotations, at most 1333 pixels long (Grounding DINO's input size), as the pipeline saw it (EXIF orientation applied): the viewer's base for the masks.</summary>
    public const string Preview = "preview.jpg";

    /// <summary>The overlay at most 320 pixels long: the viewer's gallery card.</summary>
    public const string Thumbnail = "thumbnail.jpg";

    /// <summary>One instance's mask, e.g. <c>masks/monitor-1.png</c>.</summary>
    /// <param name="instanceId">The instance's id (label key and number).</param>
    public static string InstanceMask(string instanceId) => $"masks/{instanceId}.png";

    /// <summary>The union of one label's instances, e.g. <c>labels/monitor.png</c>.</summary>
    /// <param name="labelKey">The label as a key component.</param>
    public static string LabelMask(string labelKey) => $"labels/{labelKey}.png";

    /// <summary>
    /// The workers' own bookkeeping, not an output: how often a suspect job ran alone in <paramref name="stage"/>
    /// (e.g. <c>segmentation.isolated</c>), deleted when the job ends, kept after a quarantine. Not copied by <c>gsam results</c>.
    /// </summary>
    public static string IsolationCounter(string stage) => $"{stage}.isolated";

    /// <summary>
    /// How the job ended, written by the stage that ended it (success summary, or failure reason and detail): what
    /// <c>gsam status</c> and <c>gsam results</c> read. Bookkeeping too: replaced when the job runs again.
    /// </summary>
    public const string Outcome = "outcome.json";

    /// <summary>Whether <paramref name="relativePath"/> is an <see cref="IsolationCounter"/> or the <see cref="Outcome"/>.</summary>
    public static bool IsBookkeeping(string relativePath) =>
        relativePath is Outcome ||
        (relativePath.EndsWith(".isolated", StringComparison.Ordinal) && !relativePath.Contains('/', StringComparison.Ordinal));

    /// <summary>
    /// Whether <paramref name="relativePath"/> is a name this layout produces: one of the fixed files, or
    /// <c>masks/{id}.png</c> / <c>labels/{key}.png</c> with a plain name (letters, digits, '-', '_'; see
    /// <c>InstanceSelector.ToKey</c>). Anything else under a job's prefix is not ours to copy or delete.
    /// </summary>
    /// <param name="relativePath">A path below the job's folder, '/'-separated.</param>
    public static bool IsArtifact(string relativePath) =>
        relativePath is MergedMask or Detections or Overlay or Preview or Thumbnail ||
        IsPngIn(relativePath, "masks/") || IsPngIn(relativePath, "labels/");

    private static bool IsPngIn(string path, string folder)
    {
        if (!path.StartsWith(folder, StringComparison.Ordinal) || !path.EndsWith(".png", StringComparison.Ordinal))
        {
            return false;
        }

        var name = path.AsSpan(folder.Length, path.Length - folder.Length - ".png".Length);
        if (name.Length is 0 or > 128)
        {
            return false;
        }

        foreach (var ch in name)
        {
            if (!char.IsLetterOrDigit(ch) && ch is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
