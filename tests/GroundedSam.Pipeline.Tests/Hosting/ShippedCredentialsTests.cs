using GroundedSam.ServiceDefaults;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Storage;
using Microsoft.Extensions.Options;

namespace GroundedSam.Pipeline.Tests.Hosting;

public sealed class ShippedCredentialsTests
{
    [Theory]
    [InlineData("broker.example", "guest", "s3.example:9000", "own-secret", "RabbitMq__Password")]
    [InlineData("10.0.0.5", "gsam-local-trial", "s3.example:9000", "own-secret", "RabbitMq__Password")]
    [InlineData("localhost", "guest", "http://minio:9000", "minioadmin", "Storage__SecretKey")]
    [InlineData("localhost", "own", "https://s3.example", "gsam-local-trial-worker", "Storage__SecretKey")]
    public void Validate_PublishedPasswordForAServiceElsewhere_RefusesNamingTheSetting(string host, string password, string endpoint, string secret, string setting)
    {
        var result = Validate(host, password, endpoint, secret, localTrial: false);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Worker__LocalTrial=true", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broker.example", "guest", "s3.example:9000", "minioadmin", true)]
    [InlineData("localhost", "guest", "127.0.0.1:5000", "minioadmin", false)]
    [InlineData("127.0.0.1", "guest", "http://[::1]:9000", "minioadmin", false)]
    [InlineData("broker.example", "a-real-one", "s3.example:9000", "another-real-one", false)]
    public void Validate_TrialLoopbackOrOwnPasswords_Starts(string host, string password, string endpoint, string secret, bool localTrial)
    {
        Assert.True(Validate(host, password, endpoint, secret, localTrial).Succeeded);
    }

    [Fact]
    public void Known_EveryPasswordOfTheLocalTrialFile_IsRefusedOutsideATrial()
    {
        var secrets = File.ReadAllLines(Path.Combine(GroundedSam.Testing.RepositoryPaths.Root, "infra", "local-trial.env"))
            .Where(line => !line.StartsWith('#') && (line.Contains("PASSWORD=", StringComparison.Ordinal) || line.Contains("SECRET_KEY=", StringComparison.Ordinal)))
            .Select(line => line.Split('=', 2)[1]).ToList();

        Assert.Equal(4, secrets.Count);
        Assert.All(secrets, secret => Assert.Contains(secret, ShippedCredentials.Known));
    }

    private static ValidateOptionsResult Validate(string host, string password, string endpoint, string secret, bool localTrial) =>
        new ShippedCredentials(
            Options.Create(new RabbitMqOptions { Host = host, Password = password }),
            Options.Create(new StorageOptions { Endpoint = endpoint, AccessKey = "worker", SecretKey = secret }))
        .Validate(null, new WorkerOptions { LocalTrial = localTrial });
}
