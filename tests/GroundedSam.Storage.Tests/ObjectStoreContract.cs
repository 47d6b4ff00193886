using GroundedSam.Contracts;

namespace GroundedSam.Storage.Tests;

/// <summary>
/// What every <see cref="IObjectStore"/> does, run once per implementation so the folder store and the S3 store cannot
/// drift apart. Each test gets a fresh store and its own new bucket.
/// </summary>
public abstract class ObjectStoreContract : IAsyncLifetime
{
    // Above Minio's 5 MiB minimum part size, so the S3 store uploads it in two parts.
    protected const int MultipartSize = (5 * 1024 * 1024) + 100;

    private IObjectStore? _store;

    protected string Bucket { get; } = $"gsam-test-{Guid.NewGuid():N}";

    protected IObjectStore Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> InvalidKeys => new()
    {
        "../x",
        "a/../../x",
        "/abs",
        "a//b",
        "a/",
        "",
        "a\\b",
        "a/./b",
        "tab\there",
        new string('k', 2000),
    };

    public static TheoryData<string> InvalidBuckets => new() { "UPPER", "ab", "-abc", "abc-", "a_bc", "../x", "" };

    public virtual async ValueTask InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.EnsureBucketAsync(Bucket, Ct);
    }

    public virtual ValueTask DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)]
    [InlineData(MultipartSize)]
    public async Task PutAsync_ThenGetAsync_ReturnsTheSameBytes(int size)
    {
        var bytes = Bytes(size, seed: size);

        await PutAsync("photos/data.bin", bytes);

        Assert.Equal(bytes, await GetAsync("photos/data.bin"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(MultipartSize)]
    public async Task PutAsync_ThenStatAsync_ReportsSizeAndContentType(int size)
    {
        await PutAsync("jobs/x/overlay.jpg", Bytes(size), "image/jpeg");

        var info = await Store.StatAsync(Ref("jobs/x/overlay.jpg"), Ct);

        Assert.NotNull(info);
        Assert.Equal(Ref("jobs/x/overlay.jpg"), info.Ref);
        Assert.Equal(size, info.Size);
        Assert.Equal("image/jpeg", info.ContentType);
    }

    [Fact]
    public async Task PutAsync_ExistingKey_ReplacesBytesAndContentType()
    {
        await PutAsync("a.bin", Bytes(5000, seed: 1), "image/png");
        var second = Bytes(300, seed: 2);

        await PutAsync("a.bin", second, "application/json");

        Assert.Equal(second, await GetAsync("a.bin"));
        var info = await Store.StatAsync(Ref("a.bin"), Ct);
        Assert.Equal(300, info?.Size);
        Assert.Equal("application/json", info?.ContentType);
    }

    [Fact]
    public async Task PutAsync_StreamLongerThanLength_StoresTheAnnouncedBytes()
    {
        var bytes = Bytes(1000);
        using var content = new MemoryStream(bytes);

        await Store.PutAsync(Ref("long.bin"), content, 600, "application/octet-stream", Ct);

        Assert.Equal(bytes[..600], await GetAsync("long.bin"));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(MultipartSize)]
    public async Task PutAsync_StreamShorterThanLength_ThrowsAndKeepsThePreviousObject(int announced)
    {
        var previous = Bytes(50, seed: 7);
        await PutAsync("short.bin", previous, "text/plain");
        using var content = new MemoryStream(Bytes(announced - 5));

        await Assert.ThrowsAsync<EndOfStreamException>(() => Store.PutAsync(Ref("short.bin"), content, announced, "image/png", Ct));

        Assert.Equal(previous, await GetAsync("short.bin"));
        Assert.Equal("text/plain", (await Store.StatAsync(Ref("short.bin"), Ct))?.ContentType);
    }

    [Fact]
    public async Task PutAsync_StreamShorterThanLengthForANewKey_StoresNothing()
    {
        using var content = new MemoryStream(Bytes(10));

        await Assert.ThrowsAsync<EndOfStreamException>(() => Store.PutAsync(Ref("new/short.bin"), content, 20, "image/png", Ct));

        Assert.Null(await Store.StatAsync(Ref("new/short.bin"), Ct));
        Assert.Empty(await ListKeysAsync(""));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task PutAsync_NoContentType_ThrowsArgumentException(string contentType)
    {
        using var content = new MemoryStream(Bytes(3));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(Ref("a.bin"), content, 3, contentType, Ct));
    }

    [Fact]
    public async Task PutAsync_MissingBucket_ThrowsBucketNotFoundException()
    {
        var missing = new ObjectRef { Bucket = $"gsam-missing-{Guid.NewGuid():N}", Key = "a.bin" };
        using var content = new MemoryStream(Bytes(10));

        var error = await Assert.ThrowsAsync<BucketNotFoundException>(() => Store.PutAsync(missing, content, 10, "image/png", Ct));

        Assert.Equal(missing.Bucket, error.Bucket);
    }

    [Fact]
    public async Task PutAsync_TwentyKeysConcurrently_AllLand()
    {
        var keys = Enumerable.Range(0, 20).Select(i => $"many/{i:D2}.bin").ToArray();

        await Task.WhenAll(keys.Select((key, i) => PutAsync(key, Bytes(1000 + i, seed: i))));

        Assert.Equal(keys, await ListKeysAsync("many/"));
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(Bytes(1000 + i, seed: i), await GetAsync(keys[i]));
        }
    }

    [Fact]
    public async Task PutAsync_SameKeyConcurrently_EndsWithOneCompleteObject()
    {
        var versions = Enumerable.Range(0, 8).Select(i => Bytes(200_000, seed: 100 + i)).ToArray();

        var writes = versions.Select(version => PutAsync("same.bin", version)).ToArray();
        if (ServerMayFailConcurrentWritesOfOneKey)
        {
            await Task.WhenAll(writes.Select(write => write.ContinueWith(_ => { }, TaskScheduler.Default)));
            Assert.Contains(writes, write => write.IsCompletedSuccessfully);
        }
        else
        {
            await Task.WhenAll(writes);
        }

        var stored = await GetAsync("same.bin");
        Assert.Contains(versions, version => version.AsSpan().SequenceEqual(stored));
        Assert.Equal(["same.bin"], await ListKeysAsync(""));
    }

    [Fact]
    public async Task StatAsync_MissingObject_ReturnsNull()
    {
        Assert.Null(await Store.StatAsync(Ref("nothing/here.png"), Ct));
    }

    [Fact]
    public async Task StatAsync_MissingBucket_ReturnsNull()
    {
        var missing = new ObjectRef { Bucket = $"gsam-missing-{Guid.NewGuid():N}", Key = "a.png" };

        Assert.Null(await Store.StatAsync(missing, Ct));
    }

    [Fact]
    public async Task StatAsync_KeyThatIsOnlyAPrefix_ReturnsNull()
    {
        await PutAsync("a/b.png", Bytes(10));

        Assert.Null(await Store.StatAsync(Ref("a"), Ct));
    }

    [Fact]
    public async Task GetAsync_MissingObject_ThrowsObjectNotFoundException()
    {
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetAsync(Ref("nothing.png"), destination, Ct));

        Assert.Equal(Ref("nothing.png"), error.Missing);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task GetAsync_MissingBucket_ThrowsObjectNotFoundException()
    {
        var missing = new ObjectRef { Bucket = $"gsam-missing-{Guid.NewGuid():N}", Key = "a.png" };
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetAsync(missing, destination, Ct));

        Assert.Equal(missing, error.Missing);
    }

    [Fact]
    public async Task GetAsync_ObjectOverTheDestinationsLimit_IsRefusedBeforeAnyByteIsWritten()
    {
        await PutAsync("photos/large.bin", Bytes(100_000));
        using var buffer = new MemoryStream();
        await using var limited = new SizeLimitedStream(buffer, 99_999);

        var error = await Assert.ThrowsAsync<ObjectTooLargeException>(() => Store.GetAsync(Ref("photos/large.bin"), limited, Ct));

        Assert.Equal(99_999, error.Limit);
        Assert.Equal(0, buffer.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)]
    public async Task ReadBytesAsync_ObjectAtTheLimit_ReturnsExactlyItsBytes(int size)
    {
        var bytes = Bytes(size, seed: 7);
        await PutAsync("photos/exact.bin", bytes);

        Assert.Equal(bytes, await Store.ReadBytesAsync(Ref("photos/exact.bin"), size, Ct));
    }

    [Fact]
    public async Task GetAsync_KeyThatIsOnlyAPrefix_ThrowsObjectNotFoundException()
    {
        await PutAsync("a/b.png", Bytes(10));
        using var destination = new MemoryStream();

        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetAsync(Ref("a"), destination, Ct));
    }

    [Theory]
    [InlineData("a/", new[] { "a/a.png", "a/b.png", "a/b/c.png" })]
    [InlineData("a/b", new[] { "a/b.png", "a/b/c.png" })]
    [InlineData("a", new[] { "a.png", "a/a.png", "a/b.png", "a/b/c.png", "ab.png" })]
    [InlineData("", new[] { "a.png", "a/a.png", "a/b.png", "a/b/c.png", "ab.png", "b/x.png" })]
    [InlineData("a/b/c.png", new[] { "a/b/c.png" })]
    [InlineData("zzz", new string[0])]
    [InlineData("c/d/", new string[0])]
    public async Task ListAsync_WithPrefix_ReturnsExactlyTheMatchingKeysInKeyOrder(string prefix, string[] expected)
    {
        // Put out of order: '.' < '/' < 'b' in byte order, which a folder-by-folder walk would not give.
        foreach (var key in new[] { "b/x.png", "a/b/c.png", "ab.png", "a/b.png", "a.png", "a/a.png" })
        {
            await PutAsync(key, Bytes(10));
        }

        Assert.Equal(expected, await ListKeysAsync(prefix));
    }

    [Fact]
    public async Task ListAsync_ReportsEachObjectsSizeAndAddress()
    {
        await PutAsync("s/one.bin", Bytes(1));
        await PutAsync("s/three.bin", Bytes(3));
        await PutAsync("s/zero.bin", []);

        var listed = await ListAsync("s/");

        Assert.Equal([(Ref("s/one.bin"), 1L), (Ref("s/three.bin"), 3L), (Ref("s/zero.bin"), 0L)], listed.Select(info => (info.Ref, info.Size)));
    }

    [Fact]
    public async Task ListAsync_EmptyBucket_ReturnsNothing()
    {
        Assert.Empty(await ListKeysAsync(""));
    }

    [Fact]
    public async Task ListAsync_MissingBucket_ThrowsBucketNotFoundException()
    {
        var missing = $"gsam-missing-{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<BucketNotFoundException>(async () => await DrainAsync(Store.ListAsync(missing, "", Ct)));

        Assert.Equal(missing, error.Bucket);
    }

    [Fact]
    public async Task PutAsync_KeysWithSpacesPlusSignsAndNonAscii_RoundTripThroughEveryMethod()
    {
        string[] keys = ["uploads/photo 1+2 ü.jpg", "uploads/東京 %20.png", "uploads/emoji-😀.png", "uploads/x=1&y=2.png"];
        foreach (var key in keys)
        {
            await PutAsync(key, Bytes(key.Length), "image/png");
        }

        foreach (var key in keys)
        {
            Assert.Equal(Bytes(key.Length), await GetAsync(key));
            Assert.Equal(key.Length, (await Store.StatAsync(Ref(key), Ct))?.Size);
        }

        Assert.Equal(keys.OrderBy(key => key, StringComparer.Ordinal), await ListKeysAsync("uploads/"));
    }

    [Fact]
    public async Task ListAsync_KeysBeyondTheBasicPlane_ComeInUtf8ByteOrder()
    {
        // U+FF01 sorts before U+1F600 in UTF-8 (S3's order) but after it in UTF-16 (string.CompareOrdinal).
        await PutAsync("u/\U0001F600.png", Bytes(1));
        await PutAsync("u/\uFF01.png", Bytes(1));

        Assert.Equal(["u/\uFF01.png", "u/\U0001F600.png"], await ListKeysAsync("u/"));
    }

    [Fact]
    public async Task ListAsync_KeysStartingWithADot_AreListed()
    {
        await PutAsync(".hidden/a.png", Bytes(1));
        await PutAsync("b/.env", Bytes(1));

        Assert.Equal([".hidden/a.png", "b/.env"], await ListKeysAsync(""));
    }

    [Fact]
    public async Task EnsureBucketAsync_Twice_KeepsTheObjects()
    {
        await PutAsync("kept.bin", Bytes(10));

        await Store.EnsureBucketAsync(Bucket, Ct);
        await Store.EnsureBucketAsync(Bucket, Ct);

        Assert.Equal(Bytes(10), await GetAsync("kept.bin"));
    }

    [Fact]
    public async Task EnsureBucketAsync_ConcurrentlyOnANewBucket_CreatesItOnce()
    {
        var bucket = $"gsam-race-{Guid.NewGuid():N}";

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Store.EnsureBucketAsync(bucket, Ct)));

        Assert.Empty(await DrainAsync(Store.ListAsync(bucket, "", Ct)));
    }

    [Fact]
    public async Task DeleteAsync_ExistingObject_RemovesOnlyIt()
    {
        await PutAsync("jobs/a/masks/cup-1.png", Bytes(10));
        await PutAsync("jobs/a/masks/cup-2.png", Bytes(11));

        await Store.DeleteAsync(new ObjectRef { Bucket = Bucket, Key = "jobs/a/masks/cup-1.png" }, Ct);

        Assert.Equal(["jobs/a/masks/cup-2.png"], await ListKeysAsync("jobs/a/"));
        Assert.Null(await Store.StatAsync(new ObjectRef { Bucket = Bucket, Key = "jobs/a/masks/cup-1.png" }, Ct));
    }

    [Fact]
    public async Task DeleteAsync_MissingObjectOrPrefix_Succeeds()
    {
        await PutAsync("jobs/a/masks/cup-1.png", Bytes(10));

        await Store.DeleteAsync(new ObjectRef { Bucket = Bucket, Key = "jobs/a/none.png" }, Ct);
        await Store.DeleteAsync(new ObjectRef { Bucket = Bucket, Key = "jobs/a/masks" }, Ct);

        Assert.Equal(["jobs/a/masks/cup-1.png"], await ListKeysAsync("jobs/"));
    }

    [Fact]
    public async Task DeleteAsync_ThenPutAsync_StoresTheNewObject()
    {
        await PutAsync("a.png", Bytes(10));
        await Store.DeleteAsync(new ObjectRef { Bucket = Bucket, Key = "a.png" }, Ct);

        await PutAsync("a.png", Bytes(12, seed: 3), "image/png");

        Assert.Equal(Bytes(12, seed: 3), await GetAsync("a.png"));
        Assert.Equal("image/png", (await Store.StatAsync(new ObjectRef { Bucket = Bucket, Key = "a.png" }, Ct))!.ContentType);
    }

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task EveryObjectMethod_InvalidKey_ThrowsInvalidObjectKeyExceptionBeforeAnyIo(string key)
    {
        // The offline store fails on any I/O, so anything but InvalidObjectKeyException means validation came too late.
        var store = CreateOfflineStore();
        var reference = new ObjectRef { Bucket = Bucket, Key = key };
        using var content = new MemoryStream(Bytes(3));

        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.PutAsync(reference, content, 3, "image/png", Ct));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.GetAsync(reference, Stream.Null, Ct));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.StatAsync(reference, Ct));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.DeleteAsync(reference, Ct));
        (store as IDisposable)?.Dispose();
    }

    [Theory]
    [MemberData(nameof(InvalidBuckets))]
    public async Task EveryMethod_InvalidBucket_ThrowsInvalidObjectKeyExceptionBeforeAnyIo(string bucket)
    {
        var store = CreateOfflineStore();
        var reference = new ObjectRef { Bucket = bucket, Key = "a.png" };
        using var content = new MemoryStream(Bytes(3));

        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.EnsureBucketAsync(bucket, Ct));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.PutAsync(reference, content, 3, "image/png", Ct));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.GetAsync(reference, Stream.Null, Ct));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.StatAsync(reference, Ct));
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => store.DeleteAsync(reference, Ct));
        Assert.Throws<InvalidObjectKeyException>(() => store.ListAsync(bucket, "", Ct));
        (store as IDisposable)?.Dispose();
    }

    [Theory]
    [InlineData("../")]
    [InlineData("/a")]
    [InlineData("a//")]
    [InlineData("a/../b")]
    public void ListAsync_InvalidPrefix_ThrowsInvalidObjectKeyExceptionAtTheCall(string prefix)
    {
        var store = CreateOfflineStore();

        Assert.Throws<InvalidObjectKeyException>(() => store.ListAsync(Bucket, prefix, Ct));
        (store as IDisposable)?.Dispose();
    }

    /// <summary>
    /// True when the server under test may answer some of several simultaneous writes of one key with an error:
    /// the end state must still be one complete version.
    /// </summary>
    protected virtual bool ServerMayFailConcurrentWritesOfOneKey => false;

    /// <summary>A fresh store on working storage; the contract creates <see cref="Bucket"/> in it.</summary>
    protected abstract Task<IObjectStore> CreateStoreAsync();

    /// <summary>A store whose every I/O fails, to show that validation comes first.</summary>
    protected abstract IObjectStore CreateOfflineStore();

    protected ObjectRef Ref(string key) => new() { Bucket = Bucket, Key = key };

    protected async Task PutAsync(string key, byte[] bytes, string contentType = "application/octet-stream")
    {
        using var content = new MemoryStream(bytes);
        await Store.PutAsync(Ref(key), content, bytes.Length, contentType, Ct);
    }

    protected async Task<byte[]> GetAsync(string key)
    {
        using var destination = new MemoryStream();
        await Store.GetAsync(Ref(key), destination, Ct);
        return destination.ToArray();
    }

    protected async Task<List<ObjectInfo>> ListAsync(string prefix) => await DrainAsync(Store.ListAsync(Bucket, prefix, Ct));

    protected async Task<List<string>> ListKeysAsync(string prefix) => [.. (await ListAsync(prefix)).Select(info => info.Ref.Key)];

    protected static async Task<List<ObjectInfo>> DrainAsync(IAsyncEnumerable<ObjectInfo> listing)
    {
        var all = new List<ObjectInfo>();
        await foreach (var info in listing)
        {
            all.Add(info);
        }

        return all;
    }

    protected static byte[] Bytes(int size, int seed = 0)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
