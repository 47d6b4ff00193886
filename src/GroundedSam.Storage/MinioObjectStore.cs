using System.Net;
using System.Runtime.CompilerServices;
using GroundedSam.Contracts;
using Minio;
using Minio.DataModel;
using Minio.DataModel.Args;
using MinioErrors = Minio.Exceptions;

namespace GroundedSam.Storage;

/// <summary>
/// <see cref="IObjectStore"/> on an S3-compatible server (MinIO, AWS S3, Ceph RGW, SeaweedFS, Garage, moto) through
/// the Minio client. A read is one GET (of a URL the client signs, not Minio's GetObject, which stats first): a
/// missing object or an error never writes its body into the destination, and the announced size is checked before the
/// body is read (<see cref="SizeLimitedStream.Expect"/>).
/// </summary>
public sealed class MinioObjectStore : IObjectStore, IDisposable
{
    /// <summary>How long a read's signed URL is valid: it is used at once, and a clock skew of minutes is tolerated.</summary>
    private const int PresignSeconds = 15 * 60;

    private readonly IMinioClient _client;
    private readonly string? _region;
    private readonly bool _ownsClient;

    /// <summary>A store with its own client, built from <paramref name="options"/>; disposing the store disposes it.</summary>
    public MinioObjectStore(StorageOptions options)
        : this(CreateClient(options), options.Region, ownsClient: true)
    {
    }

    /// <summary>A store on a client the caller owns (and disposes). <paramref name="region"/> is used when creating buckets.</summary>
    public MinioObjectStore(IMinioClient client, string? region = null)
        : this(client, region, ownsClient: false)
    {
    }

    private MinioObjectStore(IMinioClient client, string? region, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _region = string.IsNullOrWhiteSpace(region) ? null : region;
        _ownsClient = ownsClient;
    }

    /// <summary>A Minio client for <see cref="StorageOptions.Endpoint"/> ("host:port" or an http(s) URL), the keys and the region.</summary>
    public static IMinioClient CreateClient(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (endpoint, secure) = ParseEndpoint(options.Endpoint, options.UseTls);
        var client = new MinioClient();
        try
        {
            _ = client.WithEndpoint(endpoint).WithCredentials(options.AccessKey, options.SecretKey).WithSSL(secure);
            if (!string.IsNullOrWhiteSpace(options.Region))
            {
                _ = client.WithRegion(options.Region);
            }

            return client.Build();
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Splits <c>Storage:Endpoint</c> into the host:port Minio wants and whether to use TLS: an https URL turns TLS on,
    /// an http URL with <c>UseTls</c> set is a contradiction, and a path after the host is refused (Minio cannot use one).
    /// </summary>
    internal static (string HostAndPort, bool Secure) ParseEndpoint(string endpoint, bool useTls)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new ArgumentException("Storage:Endpoint is empty: set it to host:port or an http(s) URL.", nameof(endpoint));
        }

        endpoint = endpoint.Trim();

        // Messages quote the endpoint; a password written into it must not reach a log.
        var shown = EndpointText.Redact(endpoint);
        if (!endpoint.Contains("://", StringComparison.Ordinal))
        {
            if (endpoint.Contains('/', StringComparison.Ordinal) || endpoint.Contains('@', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Storage:Endpoint \"{EndpointText.Redact("s3://" + endpoint)[5..]}\" must be host:port or an http(s) URL without a path or user.", nameof(endpoint));
            }

            return (endpoint, useTls);
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Storage:Endpoint \"{shown}\" is not an http(s) URL.", nameof(endpoint));
        }

        if (url.AbsolutePath != "/" || url.Query.Length > 0 || url.UserInfo.Length > 0)
        {
            throw new ArgumentException($"Storage:Endpoint \"{shown}\" must not have a path, query or user: S3 clients address buckets from the root, and keys go in Storage:AccessKey and Storage:SecretKey.", nameof(endpoint));
        }

        var https = url.Scheme == Uri.UriSchemeHttps;
        if (useTls && !https)
        {
            throw new ArgumentException($"Storage:Endpoint \"{shown}\" says http but Storage:UseTls is true: use an https URL or drop UseTls.", nameof(endpoint));
        }

        // Authority leaves out the scheme's default port, which is what Minio then assumes for http or https.
        return (url.Authority, https);
    }

    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        StorageLayout.ValidateBucket(bucket);
        if (await BucketExistsAsync(bucket, cancellationToken))
        {
            return;
        }

        var make = new MakeBucketArgs().WithBucket(bucket);
        if (_region is not null)
        {
            make = make.WithLocation(_region);
        }

        try
        {
            await _client.MakeBucketAsync(make, cancellationToken);
        }
        catch (MinioErrors.MinioException)
        {
            // Another worker created it between our check and our request. Servers name that differently
            // (BucketAlreadyOwnedByYou, BucketAlreadyExists, a bare 409), so ask again instead of matching codes.
            if (!await BucketExistsAsync(bucket, cancellationToken))
            {
                throw;
            }
        }
    }

    public async Task PutAsync(ObjectRef target, Stream content, long length, string contentType, CancellationToken cancellationToken)
    {
        StorageLayout.Validate(target);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);

        await using var body = new ExactLengthStream(content, length);
        var args = new PutObjectArgs()
            .WithBucket(target.Bucket)
            .WithObject(target.Key)
            .WithStreamData(body)
            .WithObjectSize(length)
            .WithContentType(contentType);
        try
        {
            // The response is not used: moto leaves its ETag empty for multipart uploads.
            _ = await _client.PutObjectAsync(args, cancellationToken);
        }
        catch (Exception e) when (IsNoSuchBucket(e))
        {
            throw new BucketNotFoundException(target.Bucket, e);
        }
    }

    public async Task GetAsync(ObjectRef source, Stream destination, CancellationToken cancellationToken)
    {
        StorageLayout.Validate(source);
        ArgumentNullException.ThrowIfNull(destination);

        // One request per read: Minio's GetObject stats the object before its GET. A URL signed here (no request) and
        // fetched with the client's own HttpClient reads the size from the GET's Content-Length instead.
        var url = await _client.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket(source.Bucket).WithObject(source.Key).WithExpiry(PresignSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await _client.Config.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await S3Error.ReadAsync(response, cancellationToken);
            throw response.StatusCode == HttpStatusCode.NotFound && error.Code is "NoSuchKey" or "NoSuchBucket" or null
                ? new ObjectNotFoundException(source, new IOException(error.Describe("GET", source)))
                : new IOException(error.Describe("GET", source));
        }

        if (response.Content.Headers.ContentLength is { } length)
        {
            (destination as SizeLimitedStream)?.Expect(length);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, cancellationToken);
    }

    public async Task<ObjectInfo?> StatAsync(ObjectRef source, CancellationToken cancellationToken)
    {
        StorageLayout.Validate(source);
        try
        {
            var stat = await _client.StatObjectAsync(new StatObjectArgs().WithBucket(source.Bucket).WithObject(source.Key), cancellationToken);
            return new ObjectInfo(source, stat.Size, string.IsNullOrEmpty(stat.ContentType) ? null : stat.ContentType);
        }
        catch (Exception e) when (IsNoSuchKey(e) || IsNoSuchBucket(e))
        {
            return null;
        }
    }

    public async Task DeleteAsync(ObjectRef target, CancellationToken cancellationToken)
    {
        StorageLayout.Validate(target);
        try
        {
            await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(target.Bucket).WithObject(target.Key), cancellationToken);
        }
        catch (Exception e) when (IsNoSuchBucket(e))
        {
            throw new BucketNotFoundException(target.Bucket, e);
        }
        catch (Exception e) when (IsNoSuchKey(e))
        {
            // Already gone: S3 answers 204 for that, some servers 404.
        }
    }

    /// <remarks>S3 listings carry no content type, so <see cref="ObjectInfo.ContentType"/> is null here: ask <see cref="StatAsync"/>.</remarks>
    public IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        // Checked here rather than in the iterator so that a bad name fails at the call, before any request.
        StorageLayout.ValidateBucket(bucket);
        StorageLayout.ValidatePrefix(prefix);
        return ListValidatedAsync(bucket, prefix, cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async IAsyncEnumerable<ObjectInfo> ListValidatedAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var args = new ListObjectsArgs().WithBucket(bucket).WithPrefix(prefix).WithRecursive(true);
        var items = _client.ListObjectsEnumAsync(args, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (items)
        {
            while (true)
            {
                Item item;
                try
                {
                    if (!await items.MoveNextAsync())
                    {
                        break;
                    }

                    item = items.Current;
                }
                catch (Exception e) when (IsNoSuchBucket(e))
                {
                    throw new BucketNotFoundException(bucket, e);
                }

                if (!item.IsDir)
                {
                    yield return new ObjectInfo(new ObjectRef { Bucket = bucket, Key = item.Key }, checked((long)item.Size), null);
                }
            }
        }
    }

    private Task<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken) =>
        _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), cancellationToken);

    // Minio maps a 404 without a body (HEAD) by the shape of the path, and one with a body by its code: a missing
    // bucket can arrive as either exception type, so both readers accept both.
    private static bool IsNoSuchKey(Exception e) =>
        e is MinioErrors.ObjectNotFoundException || (e is MinioErrors.MinioException m && m.Response?.Code == "NoSuchKey");

    private static bool IsNoSuchBucket(Exception e) =>
        e is MinioErrors.BucketNotFoundException || (e is MinioErrors.MinioException m && m.Response?.Code == "NoSuchBucket");
}
