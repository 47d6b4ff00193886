using System.Text;

namespace GroundedSam.Storage.Tests;

/// <summary>The contract on a temporary folder, plus what only the folder layout shows.</summary>
public sealed class FolderObjectStoreTests : ObjectStoreContract
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"gsam-folder-store-{Guid.NewGuid():N}");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task PutAsync_WritesThePlainFileAtRootBucketKey()
    {
        await PutAsync("jobs/j1/masks/monitor-1.png", [1, 2, 3], "image/png");

        var file = Path.Combine(_root, Bucket, "jobs", "j1", "masks", "monitor-1.png");
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(file, Ct));
    }

    [Fact]
    public async Task PutAsync_KeepsTheContentTypeOutsideTheBucket()
    {
        await PutAsync("a/b.png", [1], "image/png");

        var metadata = Path.Combine(_root, FolderObjectStore.MetadataFolder, Bucket, "a", "b.png");
        Assert.Equal("image/png", await File.ReadAllTextAsync(metadata, Encoding.UTF8, Ct));
        Assert.Equal(["a/b.png"], await ListKeysAsync(""));
    }

    [Fact]
    public async Task PutAsync_LeavesNoPartialFilesBehind()
    {
        await PutAsync("a/b.png", Bytes(10));
        await PutAsync("a/b.png", Bytes(20));
        using var shortContent = new MemoryStream(Bytes(5));
        await Assert.ThrowsAsync<EndOfStreamException>(() => Store.PutAsync(Ref("a/c.png"), shortContent, 10, "image/png", Ct));

        var files = Directory.EnumerateFiles(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(file => Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal([$".meta/{Bucket}/a/b.png", $"{Bucket}/a/b.png"], files);
    }

    [Fact]
    public async Task ListAsync_SkipsPartialFilesOfAnInterruptedWrite()
    {
        await PutAsync("a/b.png", Bytes(10));
        await File.WriteAllBytesAsync(Path.Combine(_root, Bucket, "a", $".gsam-{Guid.NewGuid():N}.partial"), Bytes(3), Ct);

        Assert.Equal(["a/b.png"], await ListKeysAsync(""));
    }

    [Fact]
    public async Task StatAsync_FileCopiedInByHand_HasNoContentType()
    {
        Directory.CreateDirectory(Path.Combine(_root, Bucket, "in"));
        await File.WriteAllBytesAsync(Path.Combine(_root, Bucket, "in", "photo.jpg"), Bytes(7), Ct);

        var info = await Store.StatAsync(Ref("in/photo.jpg"), Ct);

        Assert.Equal(7, info?.Size);
        Assert.Null(info?.ContentType);
    }

    [Theory]
    [InlineData(".gsam-0123456789abcdef0123456789abcdef.partial", true)]
    [InlineData(".gsam-0123456789abcdef0123456789abcdef.partial.png", false)]
    [InlineData("gsam-0123456789abcdef0123456789abcdef.partial", false)]
    [InlineData("photo.partial", false)]
    public void IsPartial_MatchesOnlyTheStoresOwnNames(string name, bool expected)
    {
        Assert.Equal(expected, FolderObjectStore.IsPartial(name));
    }

    [Fact]
    public void Root_RelativePath_IsMadeAbsolute()
    {
        Assert.Equal(Path.GetFullPath("store"), new FolderObjectStore("store").Root);
    }

    protected override Task<IObjectStore> CreateStoreAsync() => Task.FromResult<IObjectStore>(new FolderObjectStore(_root));

    /// <summary>Rooted below a file, so creating, reading or listing anything fails.</summary>
    protected override IObjectStore CreateOfflineStore()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "not-a-folder");
        File.WriteAllBytes(file, []);
        return new FolderObjectStore(Path.Combine(file, "root"));
    }
}
