using GroundedSam.Testing;

namespace GroundedSam.Storage.Tests;

/// <summary>The contract against a real S3 server (see <see cref="TestServices.S3Async"/>).</summary>
[Trait("Category", "Integration")]
public sealed class MinioObjectStoreTests : ObjectStoreContract
{
    [Fact]
    public async Task Constructor_UrlEndpointWithTrailingSlash_Works()
    {
        var s3 = await TestServices.S3Async();
        using var store = new MinioObjectStore(new StorageOptions { Endpoint = s3.Url.GetLeftPart(UriPartial.Authority) + "/", AccessKey = s3.AccessKey, SecretKey = s3.SecretKey });

        Assert.Null(await store.StatAsync(Ref("nothing.png"), Ct));
    }

    /// <remarks>
    /// moto 5.2.1 (the CI's S3 server) answers some simultaneous PUTs of one key with a 500: building its response it
    /// reads the ETag from a buffer that the other write has just closed. AWS S3 and MinIO take them all.
    /// </remarks>
    protected override bool ServerMayFailConcurrentWritesOfOneKey => true;

    protected override async Task<IObjectStore> CreateStoreAsync()
    {
        var s3 = await TestServices.S3Async();
        return new MinioObjectStore(new StorageOptions { Endpoint = s3.Url.ToString(), AccessKey = s3.AccessKey, SecretKey = s3.SecretKey });
    }

    /// <summary>Nothing listens on port 1: any request fails to connect.</summary>
    protected override IObjectStore CreateOfflineStore() =>
        new MinioObjectStore(new StorageOptions { Endpoint = "127.0.0.1:1", AccessKey = "offline", SecretKey = "offline" });
}
