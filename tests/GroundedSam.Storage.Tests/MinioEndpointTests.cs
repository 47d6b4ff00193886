namespace GroundedSam.Storage.Tests;

public sealed class MinioEndpointTests
{
    [Theory]
    [InlineData("localhost:9000", false, "localhost:9000", false)]
    [InlineData("localhost:9000", true, "localhost:9000", true)]
    [InlineData(" minio:9000 ", false, "minio:9000", false)]
    [InlineData("http://127.0.0.1:5000", false, "127.0.0.1:5000", false)]
    [InlineData("http://127.0.0.1:5000/", false, "127.0.0.1:5000", false)]
    [InlineData("https://s3.eu-west-1.amazonaws.com", false, "s3.eu-west-1.amazonaws.com", true)]
    [InlineData("https://s3.example.org:8443", true, "s3.example.org:8443", true)]
    [InlineData("HTTPS://S3.example.org:8443", false, "s3.example.org:8443", true)]
    public void ParseEndpoint_HostPortOrUrl_GivesHostPortAndTls(string endpoint, bool useTls, string hostAndPort, bool secure)
    {
        Assert.Equal((hostAndPort, secure), MinioObjectStore.ParseEndpoint(endpoint, useTls));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ftp://host:21")]
    [InlineData("http://host:9000/bucket")]
    [InlineData("http://user:pw@host:9000")]
    [InlineData("http://host:9000/?x=1")]
    [InlineData("host:9000/bucket")]
    public void ParseEndpoint_Unusable_ThrowsArgumentException(string endpoint)
    {
        Assert.Throws<ArgumentException>(() => MinioObjectStore.ParseEndpoint(endpoint, useTls: false));
    }

    [Theory]
    [InlineData("http://gsam:s3cr3t-pw@host:9000")]
    [InlineData("https://gsam:s3cr3t-pw@host:9000/bucket")]
    [InlineData("ftp://gsam:s3cr3t-pw@host:21")]
    [InlineData("gsam:s3cr3t-pw@host:9000")]
    [InlineData("http://gsam:s3cr3t-pw@host:9000?x=1")]
    public void ParseEndpoint_PasswordWrittenIntoTheEndpoint_IsNotInTheMessage(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => MinioObjectStore.ParseEndpoint(endpoint, useTls: false));

        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.Contains("***@host", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://u:p@h:1 and https://x:y@z", "http://***@h:1 and https://***@z")]
    [InlineData("amqp://guest:guest@broker:5672/vhost", "amqp://***@broker:5672/vhost")]
    [InlineData("host:9000", "host:9000")]
    public void Redact_UserInfo_IsHidden(string text, string expected) => Assert.Equal(expected, EndpointText.Redact(text));

    [Fact]
    public void ParseEndpoint_HttpUrlWithUseTls_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => MinioObjectStore.ParseEndpoint("http://host:9000", useTls: true));

        Assert.Contains("UseTls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateClient_Region_IsKept()
    {
        using var client = MinioObjectStore.CreateClient(new StorageOptions { Endpoint = "https://s3.example.org", AccessKey = "a", SecretKey = "b", Region = "eu-west-1" });

        Assert.Equal("eu-west-1", client.Config.Region);
        Assert.True(client.Config.Secure);
    }
}
