using System.CommandLine;
using System.Text.Json;
using GroundedSam.Cli.Batches;
using GroundedSam.Cli.Folders;
using GroundedSam.Cli.Remote;
using GroundedSam.Contracts;
using GroundedSam.Inference.Outputs;
using GroundedSam.Pipeline.Outcomes;
using GroundedSam.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GroundedSam.Cli.Export;

/// <summary>
/// <c>gsam export coco &lt;folder|batch&gt; --out FILE</c>: one COCO instances file (<see cref="CocoDataset"/>) from
/// the results of <c>run</c>, <c>segment</c> or <c>results</c> (a folder with one sub-folder per photo), or from a
/// submitted batch's succeeded jobs in the store. Every detections.json is read as untrusted: one that is not valid is
/// named and left out, and the file is written whole or not at all, replacing only a file this export wrote.
/// </summary>
internal static class ExportCommand
{
    /// <summary>Largest detections.json read: a photo with thousands of objects is far smaller.</summary>
    public const long MaxDetectionsBytes = 256L * 1024 * 1024;

    public static Command Create(IAnsiConsole console)
    {
        var source = new Argument<string>("source") { Description = "A results folder (gsam run, segment or results --out), or a submitted batch's id." };
        var output = new Option<string>("--out", "-o") { Description = "The COCO file to write, e.g. coco.json.", Required = true };
        var remote = new RemoteOptions();
        var coco = new Command("coco", "Write the detections as one COCO instances file (RLE masks, scores) for FiftyOne, CVAT or Label Studio.") { source, output };
        remote.AddTo(coco);
        coco.SetAction((result, cancellationToken) => CliErrors.GuardAsync(console, async () =>
        {
            var from = result.GetValue(source)!;
            var (photos, problems) = Directory.Exists(from)
                ? FromFolder(from)
                : Guid.TryParse(from, out var batch)
                    ? await FromBatchAsync(remote.Read(result), batch, cancellationToken)
                    : throw new DirectoryNotFoundException($"{TerminalText.Safe(from)} is neither a results folder nor a batch id.");
            foreach (var problem in problems)
            {
                console.MarkupLineInterpolated($"[yellow]left out[/] {problem}");
            }

            var path = Path.GetFullPath(result.GetValue(output)!);
            await WriteAsync(path, CocoDataset.Build(photos, TimeProvider.System.GetUtcNow()), cancellationToken);
            console.MarkupLineInterpolated($"{photos.Count} photo(s), {photos.Sum(p => p.Item2.Annotations.Count)} object(s) written to [blue]{TerminalText.Safe(path)}[/].");
            return problems.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
        }));
        return new Command("export", "Export results to other tools' formats.") { coco };
    }

    private static (List<(string, DetectionsDocument)> Photos, List<string> Problems) FromFolder(string folder)
    {
        var photos = new List<(string, DetectionsDocument)>();
        var problems = new List<string>();
        foreach (var directory in new DirectoryInfo(folder).EnumerateDirectories().Where(d => d.LinkTarget is null).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var file = new FileInfo(Path.Combine(directory.FullName, JobFiles.Detections));
            if (!file.Exists && file.LinkTarget is null)
            {
                continue;
            }

            try
            {
                if (file.LinkTarget is not null || file.Length is 0 or > MaxDetectionsBytes)
                {
                    throw new InvalidDataException($"not a regular file of at most {MaxDetectionsBytes:N0} bytes");
                }

                photos.Add((directory.Name, DetectionsDocument.Parse(File.ReadAllBytes(file.FullName))));
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add($"{TerminalText.Safe(directory.Name)}/{JobFiles.Detections}: {TerminalText.Safe(ex.Message)}");
            }
        }

        return (Named(photos), problems);
    }

    private static async Task<(List<(string, DetectionsDocument)> Photos, List<string> Problems)> FromBatchAsync(IEnumerable<KeyValuePair<string, string?>> configuration,
        Guid batchId, CancellationToken cancellationToken)
    {
        using var host = RemoteHost.Build(configuration, withBus: false, progress: null);
        var store = host.Services.GetRequiredService<IObjectStore>();
        var layout = host.Services.GetRequiredService<StorageLayout>();
        var status = await BatchStatus.ReadAsync(store, layout, batchId, cancellationToken);
        var photos = new List<(string, DetectionsDocument)>();
        var problems = new List<string>();
        foreach (var entry in status.Jobs.Where(j => j.State == JobState.Succeeded))
        {
            try
            {
                var json = await store.ReadBytesAsync(layout.JobFile(entry.Job.JobId, JobFiles.Detections), MaxDetectionsBytes, cancellationToken);
                photos.Add((entry.Job.Name, DetectionsDocument.Parse(json)));
            }
            catch (Exception ex) when (ex is JsonException or ObjectNotFoundException or ObjectTooLargeException)
            {
                problems.Add($"{entry.Name}: {TerminalText.Safe(ex.Message)}");
            }
        }

        return (Named(photos), problems);
    }

    /// <summary>Each photo under its own name when that is unique in the dataset, else under the name it was exported by.</summary>
    private static List<(string, DetectionsDocument)> Named(List<(string Name, DetectionsDocument Detections)> photos)
    {
        var own = photos.GroupBy(p => p.Detections.ImagePath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. photos.Select(p => (own[p.Detections.ImagePath] == 1 && p.Detections.ImagePath.Length > 0 ? p.Detections.ImagePath : p.Name, p.Detections))];
    }

    private static Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return OwnedJsonFile.WriteAsync(path, "gsam export", MaxDetectionsBytes * 4, CocoDataset.IsOurs,
            (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken);
    }
}
