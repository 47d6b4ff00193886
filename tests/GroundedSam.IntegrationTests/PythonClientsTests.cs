using System.Diagnostics;
using System.Text.RegularExpressions;
using GroundedSam.Contracts;
using GroundedSam.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.IntegrationTests;

/// <summary>
/// The wire contract from Python on both ends (<c>examples/python</c>), with Debian's pika, boto3 and Pillow, on the
/// real broker and S3 server: a batch uploaded and published by <c>submit.py</c> runs through the .NET workers and
/// ends in inpainted photos stored by <c>inpaint_worker.py</c>; a resubmitted batch is recognised, not repainted.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed partial class PythonClientsTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly string Examples = Path.Combine(RepositoryPaths.Root, "examples", "python");
    private readonly string _folder = Directory.CreateTempSubdirectory("gsam-python-it-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SubmitPy_ThenInpaintWorkerPy_EveryJobEndsInAnInpaintedPhotoOnceOnly()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 1, mergeWorkers: 1);
        var config = cluster.WriteConfigFile(Path.Combine(_folder, "gsam.json"));
        var photos = Directory.CreateDirectory(Path.Combine(_folder, "photos")).FullName;
        var originals = new Dictionary<string, Image<Rgb24>>();
        for (var i = 0; i < 3; i++)
        {
            // Noise, so that a repainted pixel differs from the photo's; PNG, so that both sides decode the same pixels.
            var photo = Noise(200, 150, seed: i);
            await photo.SaveAsPngAsync(Path.Combine(photos, $"desk-{i}.png"), TestContext.Current.CancellationToken);
            originals[$"desk-{i}.png"] = photo;
        }

        await using var worker = ProgramProcess.Start(Script("inpaint_worker.py", "--config", config, "--max-jobs", "6"));
        Assert.True(await Eventually.ReadAsync(() => worker.Output.ToString().Contains("listening on inpaint with pillow-blur-fill", StringComparison.Ordinal), s => s),
            worker.Output.ToString());

        var (exit, submitted) = await RunAsync("submit.py", photos, "--prompt", "monitor. keyboard. mouse.", "--config", config);
        Assert.True(exit == 0, submitted);
        var batch = BatchLine().Match(submitted).Groups[1].Value;
        var jobs = JobLine().Matches(submitted).ToDictionary(m => m.Groups[2].Value, m => Guid.Parse(m.Groups[1].Value));
        Assert.Equal(originals.Keys.Order(StringComparer.Ordinal), jobs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, await Eventually.ReadAsync(() => Regex.Count(worker.Output.ToString(), "^inpainted ", RegexOptions.Multiline), n => n == 3));

        foreach (var (name, jobId) in jobs)
        {
            var ready = Assert.Single(cluster.Events.Ready, r => r.JobId == jobId);
            var mask = await cluster.ReadMaskAsync(ready.Mask);
            using var inpainted = Image.Load<Rgb24>(await ReadAsync(cluster, cluster.Layout.JobFile(jobId, "inpainted.png")));
            var (kept, repainted, changed) = Compare(originals[name], inpainted, mask);
            Assert.True(kept > 0 && repainted > 0, $"{name}: {kept} pixels kept, {repainted} repainted");
            Assert.Equal(kept, Unchanged(originals[name], inpainted, mask));
            Assert.True(changed > repainted / 2, $"{name}: only {changed} of {repainted} masked pixels were repainted");
        }

        // The same batch again: the same job ids, new InpaintReady events, and the worker recognises what it stored.
        var (again, resubmitted) = await RunAsync("submit.py", photos, "--prompt", "monitor. keyboard. mouse.", "--batch", batch, "--config", config);
        Assert.True(again == 0, resubmitted);
        Assert.Equal(jobs.Values.Order(), JobLine().Matches(resubmitted).Select(m => Guid.Parse(m.Groups[1].Value)).Order());
        Assert.Equal(0, await worker.WaitForExitAsync(Eventually.Deadline));
        Assert.Equal(3, Regex.Count(worker.Output.ToString(), "^skip .*: already inpainted", RegexOptions.Multiline));
        Assert.Equal(3, Regex.Count(worker.Output.ToString(), "^inpainted ", RegexOptions.Multiline));
    }

    [Fact]
    public async Task SubmitPy_BrokerWithoutAnySegmentationWorker_FailsSayingSoInsteadOfLosingTheJobs()
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 0, mergeWorkers: 0);
        var config = cluster.WriteConfigFile(Path.Combine(_folder, "gsam.json"));
        var photos = Directory.CreateDirectory(Path.Combine(_folder, "photos")).FullName;
        await Noise(64, 48, seed: 9).SaveAsPngAsync(Path.Combine(photos, "desk.png"), TestContext.Current.CancellationToken);

        var (exit, output) = await RunAsync("submit.py", photos, "--prompt", "monitor.", "--config", config);

        Assert.NotEqual(0, exit);
        Assert.Contains("segmentation worker", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Traceback", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] args)
    {
        await using var process = ProgramProcess.Start(Script(script, args));
        var exit = await process.WaitForExitAsync(Eventually.Deadline);
        return (exit ?? -1, process.Output.ToString());
    }

    // Debian's python3, which has the packages; no __pycache__ left in the repository.
    private static ProcessStartInfo Script(string script, params string[] args) => new(Python, [Path.Combine(Examples, script), .. args])
    {
        Environment = { ["PYTHONDONTWRITEBYTECODE"] = "1" },
    };

    private static async Task<byte[]> ReadAsync(PipelineCluster cluster, ObjectRef reference)
    {
        using var content = new MemoryStream();
        await cluster.Store.GetAsync(reference, content, TestContext.Current.CancellationToken);
        return content.ToArray();
    }

    private static Image<Rgb24> Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var pixel in rows.GetRowSpan(y))
                {
                    pixel = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        });
        return image;
    }

    /// <summary>Pixels outside the mask (kept), inside it (repainted), and those inside that differ from the photo.</summary>
    private static (int Kept, int Repainted, int Changed) Compare(Image<Rgb24> photo, Image<Rgb24> inpainted, Masks.BinaryMask mask)
    {
        Assert.Equal((photo.Width, photo.Height), (inpainted.Width, inpainted.Height));
        var (kept, repainted, changed) = (0, 0, 0);
        for (var y = 0; y < photo.Height; y++)
        {
            for (var x = 0; x < photo.Width; x++)
            {
                if (!mask[x, y])
                {
                    kept++;
                }
                else
                {
                    repainted++;
                    changed += photo[x, y].Equals(inpainted[x, y]) ? 0 : 1;
                }
            }
        }

        return (kept, repainted, changed);
    }

    private static int Unchanged(Image<Rgb24> photo, Image<Rgb24> inpainted, Masks.BinaryMask mask)
    {
        var same = 0;
        for (var y = 0; y < photo.Height; y++)
        {
            for (var x = 0; x < photo.Width; x++)
            {
                same += !mask[x, y] && photo[x, y].Equals(inpainted[x, y]) ? 1 : 0;
            }
        }

        return same;
    }

    [GeneratedRegex("^batch ([0-9a-f-]{36})", RegexOptions.Multiline)]
    private static partial Regex BatchLine();

    [GeneratedRegex("^job ([0-9a-f-]{36}) (.+?)\\r?$", RegexOptions.Multiline)]
    private static partial Regex JobLine();
}
