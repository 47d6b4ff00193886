using GroundedSam.Testing;
using GroundedSam.Testing.Hostile;

namespace GroundedSam.Cli.Tests;

/// <summary>
/// A folder of photos as a careless or hostile user leaves it: good photos beside special files, link loops,
/// names with escape sequences, and the photos that once crashed or stalled a run (an EXIF block whose IFDs loop,
/// a 1×3000 strip, a WebP chunk claiming 4 GB, a header that lies about the size).
/// </summary>
internal static class HostileFolder
{
    /// <summary>The photos that must come out whole, with their output folders and sizes (upright).</summary>
    public static readonly (string File, string Folder, int Width, int Height)[] Good =
    [
        ("desk.jpg", "desk", 320, 240),
        ("exif-loop.jpg", "exif-loop", 48, 64),
        ("strip.png", "strip", 1, 3000),
    ];

    /// <summary>The photos that must fail, each with a phrase of its reason.</summary>
    public static readonly (string File, string Reason)[] Bad =
    [
        ("fifo.jpg", "not a regular file"),
        ("zero.jpg", "not a regular file"),
        ("loop.jpg", "loops"),
        ("huge-chunk.webp", "past the end"),
        ("lying.jpg", "ends before the image does"),
        ("esc\u001b[2J.jpg", "not an image"),
    ];

    public static void Create(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllBytes(Path.Combine(root, "desk.jpg"), SyntheticPhotos.Jpeg(320, 240));
        File.WriteAllBytes(Path.Combine(root, "exif-loop.jpg"), ImageCorpus.Get("jpeg-exif-ifd-loop").Make());
        File.WriteAllBytes(Path.Combine(root, "strip.png"), ImageCorpus.Get("png-1x3000").Make());
        File.WriteAllBytes(Path.Combine(root, "huge-chunk.webp"), ImageCorpus.Get("webp-chunk-declares-4gb").Make());
        File.WriteAllBytes(Path.Combine(root, "lying.jpg"), ImageCorpus.Get("jpeg-header-lies-twice-the-height").Make());
        File.WriteAllText(Path.Combine(root, "esc\u001b[2J.jpg"), "not a photo");
        SpecialFiles.Fifo(Path.Combine(root, "fifo.jpg"));
        SpecialFiles.LinkToZeroDevice(Path.Combine(root, "zero.jpg"));
        SpecialFiles.SelfLink(Path.Combine(root, "loop.jpg"));
        SpecialFiles.FolderLoop(Path.Combine(root, "sub"), "again");
    }
}
