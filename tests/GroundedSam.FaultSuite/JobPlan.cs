using GroundedSam.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.FaultSuite;

/// <summary>One job of a run: its photo and the ending it must have.</summary>
/// <param name="Expected">"InpaintReady", or the reason of the <c>SegmentationFailed</c> it must end in.</param>
internal sealed record PlannedJob(Guid JobId, string Name, byte[] Photo, string Expected)
{
    /// <summary>
    /// The jobs of a run: desk photos of a few sizes, about one in fifty unreadable (text or a truncated JPEG, at least
    /// two), and <paramref name="poison"/> photos of the poison worker's size.
    /// </summary>
    public static List<PlannedJob> Create(int count, int poison)
    {
        var photos = new[] { SyntheticPhotos.Jpeg(320, 240), SyntheticPhotos.Jpeg(240, 180), SyntheticPhotos.Jpeg(200, 150) };
        var bad = Math.Max(2, count / 50);
        var jobs = new List<PlannedJob>(count);
        for (var i = 0; i < count; i++)
        {
            var name = $"photo-{i:D4}";
            jobs.Add(i switch
            {
                _ when i < poison => new PlannedJob(Guid.NewGuid(), name + ".png", PoisonPhoto(), "WorkerCrashed"),
                _ when i < poison + bad => new PlannedJob(Guid.NewGuid(), name + ".jpg",
                    i % 2 == 0 ? "not a photo"u8.ToArray() : photos[0][..(photos[0].Length / 2)], "ImageUnreadable"),
                _ => new PlannedJob(Guid.NewGuid(), name + ".jpg", photos[i % photos.Length], "InpaintReady"),
            });
        }

        // Spread the odd ones through the run.
        return [.. jobs.OrderBy(j => j.JobId)];
    }

    private static byte[] PoisonPhoto()
    {
        using var image = new Image<Rgb24>(13, 13, new Rgb24(200, 10, 200));
        return SyntheticPhotos.Encode(image, new SixLabors.ImageSharp.Formats.Png.PngEncoder());
    }
}
