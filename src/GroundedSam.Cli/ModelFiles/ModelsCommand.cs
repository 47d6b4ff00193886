using System.CommandLine;
using GroundedSam.Inference.Models;
using Spectre.Console;

namespace GroundedSam.Cli.ModelFiles;

/// <summary><c>gsam models pull</c>: download the manifest's exports, resuming, and verify every SHA-256.</summary>
internal static class ModelsCommand
{
    public static Command Create(IAnsiConsole console, HttpClient? http)
    {
        var models = new ModelOptions().Models;
        var manifestOption = new Option<string?>("--manifest") { Description = "A manifest file to use instead of the one built in (models/manifest.json)." };
        var pull = new Command("pull", "Download the Grounding DINO and SAM 2 exports (about 875 MB), resuming where a previous run stopped, and verify their SHA-256.")
        {
            models,
            manifestOption,
        };
        pull.SetAction((result, cancellationToken) => CliErrors.GuardAsync(console, async () =>
        {
            var manifestPath = result.GetValue(manifestOption);
            ModelManifest manifest;
            if (manifestPath is null)
            {
                manifest = ModelManifest.Embedded();
            }
            else
            {
                await using var stream = File.OpenRead(manifestPath);
                manifest = ModelManifest.Parse(stream);
            }

            return await PullAsync(console, http, manifest, result.GetValue(models)!, cancellationToken);
        }));
        return new Command("models", "Manage the model files.") { pull };
    }

    private static async Task<int> PullAsync(IAnsiConsole console, HttpClient? http, ModelManifest manifest, string folder, CancellationToken cancellationToken)
    {
        using var ownClient = http is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(30) } : null;
        var downloader = new ModelDownloader(http ?? ownClient!);
        var files = manifest.Models.SelectMany(m => m.Files.Select(f => (Model: m, File: f))).ToList();
        IReadOnlyList<string> written = [];
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = files.ToDictionary(f => Path.Combine(folder, f.Model.Name, f.File.Path), f => context.AddTask(Markup.Escape($"{f.Model.Name}/{f.File.Path}"), maxValue: f.File.Bytes));
                var progress = new SynchronousProgress<DownloadProgress>(p =>
                {
                    if (tasks.TryGetValue(p.File, out var task))
                    {
                        task.Value = p.Received;
                    }
                });
                written = await downloader.PullAsync(manifest, folder, progress, cancellationToken);
            });

        console.MarkupLineInterpolated($"[green]{written.Count} file(s) verified[/] in [blue]{folder}[/]. Use them with --models {folder}.");
        return ExitCodes.Success;
    }

    // Progress<T> posts to the thread pool; the bar wants each report in order, on the downloading thread.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
