using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace GroundedSam.Inference.Models;

/// <summary>
/// Fetches the manifest's files into a models folder. A download goes to <c>file.partial</c> and continues from
/// there with an HTTP Range request after an interruption (a server that ignores Range restarts it); a finished
/// file must have the manifest's size and SHA-256, or it is deleted and the error says so; a file already in place
/// that verifies is not fetched again.
/// </summary>
public sealed class ModelDownloader(HttpClient http, TimeProvider? time = null)
{
    private const int Attempts = 4;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Downloads and verifies every file of every model; returns the paths written or confirmed.</summary>
    public async Task<IReadOnlyList<string>> PullAsync(ModelManifest manifest, string folder, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        foreach (var model in manifest.Models)
        {
            foreach (var file in model.Files)
            {
                var target = Path.Combine(folder, model.Name, file.Path);
                await PullFileAsync(file, target, progress, cancellationToken);
                paths.Add(target);
            }
        }

        return paths;
    }

    public async Task PullFileAsync(ModelManifest.ModelFile file, string target, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var name = target;
        if (File.Exists(target) && new FileInfo(target).Length == file.Bytes && await HashAsync(target, cancellationToken) == file.Sha256)
        {
            progress?.Report(new DownloadProgress(name, file.Bytes, file.Bytes, file.Bytes));
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        var partial = target + ".partial";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadAsync(file, partial, name, progress, cancellationToken);
                break;
            }
            catch (Exception ex) when (attempt < Attempts && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), _time, cancellationToken);
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                throw new ModelDownloadException(
                    $"Downloading {file.Url} failed {Attempts} times ({ex.Message}). Run the command again: it continues where it stopped.", ex);
            }
        }

        var length = new FileInfo(partial).Length;
        var digest = await HashAsync(partial, cancellationToken);
        if (length != file.Bytes || digest != file.Sha256)
        {
            File.Delete(partial);
            throw new ModelDownloadException(
                $"{file.Url} did not verify: expected {file.Bytes:N0} bytes with SHA-256 {file.Sha256}, got {length:N0} bytes with {digest}. " +
                "The file was deleted. If the source changed on purpose, update models/manifest.json; otherwise run the command again.");
        }

        File.Move(partial, target, overwrite: true);
    }

    private async Task DownloadAsync(ModelManifest.ModelFile file, string partial, string name, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (existing > file.Bytes)
        {
            existing = 0;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, file.Url);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            existing = 0;
            File.Delete(partial);
            throw new HttpRequestException("The server refused to resume; starting over.", null, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            var message = $"{file.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}.";
            throw (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests
                ? new HttpRequestException(message, null, response.StatusCode)
                : new ModelDownloadException(message + " Check the URL in models/manifest.json and your network.");
        }

        var resumed = response.StatusCode == HttpStatusCode.PartialContent ? existing : 0;
        await using var output = new FileStream(partial, resumed > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 16];
        var received = resumed;
        progress?.Report(new DownloadProgress(name, received, file.Bytes, resumed));
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            received += read;
            progress?.Report(new DownloadProgress(name, received, file.Bytes, resumed));
        }
    }

    private static bool IsTransient(Exception ex) => ex is HttpRequestException or IOException or TaskCanceledException;

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
