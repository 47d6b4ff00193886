using GroundedSam.Cli.Folders;

namespace GroundedSam.Cli.Tests.Folders;

public sealed class PhotoSetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-set-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task Find_FolderWithLoopsAndSpecialFiles_EndsListingPhotoNamedEntriesAndNamingTheRest()
    {
        await Task.Yield();
        Write("desk.jpg");
        Write("team/desk.jpg");
        Write(".hidden.jpg");
        Write("notes.txt");
        SpecialFiles.Fifo(Path.Combine(_root, "fifo.jpg"));
        SpecialFiles.LinkToZeroDevice(Path.Combine(_root, "zero.jpg"));
        SpecialFiles.SelfLink(Path.Combine(_root, "loop.jpg"));
        SpecialFiles.FolderLoop(Path.Combine(_root, "team"), "up");

        var set = PhotoSet.Find(_root);

        Assert.Equal(["desk.jpg", "fifo.jpg", "loop.jpg", "team/desk.jpg", "zero.jpg"], set.Photos.Select(p => p.RelativePath));
        Assert.Equal(2, set.Skipped);
        Assert.Equal(["team/up: a symbolic link to a folder, not followed (name the folder itself to include it)"], set.Notes);
    }

    [Fact]
    public void Find_OutputFolderIsTheInput_Refuses()
    {
        Write("desk.jpg");

        var ex = Assert.Throws<ArgumentException>(() => PhotoSet.Find(_root, _root + "/"));

        Assert.Contains("is the input folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_OutputFolderInsideTheInput_IsNotSearched()
    {
        Write("desk.jpg");
        Write("out/desk/overlay.jpg");

        var set = PhotoSet.Find(_root, Path.Combine(_root, "out"));

        Assert.Equal(["desk.jpg"], set.Photos.Select(p => p.RelativePath));
        Assert.Equal(["out: the output folder, not searched"], set.Notes);
    }

    [Fact]
    public void Find_FoldersDeeperThanTheLimit_AreNamedNotWalked()
    {
        var deep = Path.Combine([_root, .. Enumerable.Repeat("d", PhotoSet.MaxDepth + 2)]);
        Directory.CreateDirectory(deep);
        File.WriteAllBytes(Path.Combine(deep, "deep.jpg"), [1]);

        var set = PhotoSet.Find(_root);

        Assert.Empty(set.Photos);
        Assert.Single(set.Notes, n => n.EndsWith($"more than {PhotoSet.MaxDepth} folders deep, not searched", StringComparison.Ordinal));
    }

    [Fact]
    public void Find_NamesWithEscapeSequences_AreKeptRawButDisplayedEscaped()
    {
        Write("evil\u001b[2J.jpg");

        var photo = Assert.Single(PhotoSet.Find(_root).Photos);

        Assert.Equal("evil\u001b[2J.jpg", photo.RelativePath);
        Assert.Equal("evil\\x1B[2J.jpg", photo.DisplayName);
        Assert.Equal("evil_[2J", photo.OutputName);
    }

    private void Write(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
    }
}
