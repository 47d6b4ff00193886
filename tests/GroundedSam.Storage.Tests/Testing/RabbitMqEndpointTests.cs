using GroundedSam.Testing;

namespace GroundedSam.Storage.Tests.Testing;

/// <summary>The broker settings the integration tests of every project read from GSAM_TEST_RABBITMQ.</summary>
public sealed class RabbitMqEndpointTests
{
    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/", "127.0.0.1", 5672, "guest", "guest", "/")]
    [InlineData("amqp://guest:guest@127.0.0.1:5672", "127.0.0.1", 5672, "guest", "guest", "/")]
    [InlineData("amqp://u:p%40ss@broker:5673/%2f", "broker", 5673, "u", "p@ss", "/")]
    [InlineData("amqp://u:p@broker/jobs", "broker", 5672, "u", "p", "jobs")]
    [InlineData("amqp://broker", "broker", 5672, "guest", "guest", "/")]
    [InlineData("amqps://u:p@broker/", "broker", 5671, "u", "p", "/")]
    public void Parse_AmqpUri_GivesTheSettings(string uri, string host, int port, string user, string password, string vhost)
    {
        Assert.Equal(new RabbitMqEndpoint(host, port, user, password, vhost), RabbitMqEndpoint.Parse(uri));
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:5672")]
    [InlineData("http://127.0.0.1:5672/")]
    public void Parse_NotAnAmqpUri_ThrowsFormatException(string uri)
    {
        Assert.Throws<FormatException>(() => RabbitMqEndpoint.Parse(uri));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("jobs")]
    [InlineData("a/b")]
    public void AmqpUri_ParsesBackToTheSameEndpoint(string vhost)
    {
        var endpoint = new RabbitMqEndpoint("127.0.0.1", 5672, "user", "p@ss:word", vhost);

        Assert.Equal(endpoint, RabbitMqEndpoint.Parse(endpoint.AmqpUri.ToString()));
    }

    [Fact]
    public void ToString_LeavesOutThePassword()
    {
        Assert.DoesNotContain("secret", new RabbitMqEndpoint("h", 1, "u", "secret", "/").ToString(), StringComparison.Ordinal);
    }
}
