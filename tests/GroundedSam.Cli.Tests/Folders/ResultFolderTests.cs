using GroundedSam.Cli.Folders;

namespace GroundedSam.Cli.Tests.Folders;

public sealed class ResultFolderTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("gsam-result-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task WriteAsync_Twice_ReplacesItsOwnFilesAndKeepsEveryoneElses()
    {
        await ResultFolder.WriteAsync(_out, "desk", [("masks/cup-1.png", [1]), ("masks/cup-2.png", [2]), ("detections.json", [3])], Ct);
        await File.WriteAllTextAsync(Path.Combine(_out, "desk", "masks", "notes.txt"), "mine", Ct);

        await ResultFolder.WriteAsync(_out, "desk", [("masks/cup-1.png", [4]), ("detections.json", [5])], Ct);

        Assert.Equal(["detections.json", "masks/cup-1.png", "masks/notes.txt"], Files("desk"));
        Assert.Equal([4], await File.ReadAllBytesAsync(Path.Combine(_out, "desk", "masks", "cup-1.png"), Ct));
    }

    [Fact]
    public async Task WriteAsync_SubFolderLeftEmpty_IsRemovedButNothingElse()
    {
        await ResultFolder.WriteAsync(_out, "desk", [("labels/cup.png", [1]), ("detections.json", [3])], Ct);

        await ResultFolder.WriteAsync(_out, "desk", [("detections.json", [5])], Ct);

        Assert.False(Directory.Exists(Path.Combine(_out, "desk", "labels")));
        Assert.Equal(["detections.json"], Files("desk"));
    }

    [Fact]
    public async Task WriteAsync_FolderNotWrittenByGsam_IsLeftAsItWas()
    {
        Directory.CreateDirectory(Path.Combine(_out, "trip"));
        await File.WriteAllTextAsync(Path.Combine(_out, "trip", "beach.jpg"), "a photo", Ct);

        var ex = await Assert.ThrowsAsync<OutputConflictException>(() => ResultFolder.WriteAsync(_out, "trip", [("detections.json", [1])], Ct));

        Assert.Contains("was not written by gsam", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["beach.jpg"], Files("trip"));
    }

    [Fact]
    public async Task WriteAsync_AFileWhereTheFolderGoes_IsLeftAsItWas()
    {
        await File.WriteAllTextAsync(Path.Combine(_out, "desk"), "a file", Ct);

        await Assert.ThrowsAsync<OutputConflictException>(() => ResultFolder.WriteAsync(_out, "desk", [("detections.json", [1])], Ct));

        Assert.Equal("a file", await File.ReadAllTextAsync(Path.Combine(_out, "desk"), Ct));
    }

    [Fact]
    public async Task WriteAsync_OwnershipListNamingOutsideFiles_DeletesNothingOutside()
    {
        var precious = Path.Combine(_out, "precious.txt");
        await File.WriteAllTextAsync(precious, "keep", Ct);
        Directory.CreateDirectory(Path.Combine(_out, "desk"));
        await File.WriteAllTextAsync(Path.Combine(_out, "desk", ResultFolder.OwnershipFile), "../precious.txt\n/etc/hostname\nmasks/../../precious.txt\n", Ct);

        await ResultFolder.WriteAsync(_out, "desk", [("detections.json", [1])], Ct);

        Assert.Equal("keep", await File.ReadAllTextAsync(precious, Ct));
    }

    [Fact]
    public async Task WriteAsync_SubFolderThatIsALinkOutside_IsNotWrittenThrough()
    {
        var outside = Directory.CreateTempSubdirectory("gsam-outside-").FullName;
        try
        {
            await ResultFolder.WriteAsync(_out, "desk", [("detections.json", [1])], Ct);
            Directory.CreateSymbolicLink(Path.Combine(_out, "desk", "masks"), outside);

            await Assert.ThrowsAsync<OutputConflictException>(() => ResultFolder.WriteAsync(_out, "desk", [("masks/cup-1.png", [1])], Ct));

            Assert.Empty(Directory.GetFiles(outside));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    public async Task WriteAsync_UnsafeFolderName_WritesNothing(string name)
    {
        await Assert.ThrowsAsync<OutputConflictException>(() => ResultFolder.WriteAsync(_out, name, [("detections.json", [1])], Ct));

        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }

    [Theory]
    [InlineData("../x.png")]
    [InlineData("/tmp/x.png")]
    [InlineData("masks/../../x.png")]
    public async Task WriteAsync_UnsafeFilePath_WritesNothing(string path)
    {
        await Assert.ThrowsAsync<OutputConflictException>(() => ResultFolder.WriteAsync(_out, "desk", [(path, [1])], Ct));

        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }

    private string[] Files(string folder) =>
        [.. Directory.GetFiles(Path.Combine(_out, folder), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(_out, folder), f).Replace('\\', '/'))
            .Where(f => f != ResultFolder.OwnershipFile)
            .Order(StringComparer.Ordinal)];
}
