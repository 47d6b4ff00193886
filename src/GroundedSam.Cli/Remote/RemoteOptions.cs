using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace GroundedSam.Cli.Remote;

/// <summary>
/// Where the broker and the object store are, for the commands that talk to a deployed pipeline. The same keys as
/// the workers' configuration: environment variables (<c>RabbitMq__Host</c>, <c>Storage__Endpoint</c>,
/// <c>Storage__AccessKey</c>, …) and, with <c>--config</c>, a JSON file such as a worker's appsettings.json.
/// </summary>
internal sealed class RemoteOptions
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "JSON file with RabbitMq and Storage sections (as the workers' appsettings.json); environment variables such as RabbitMq__Host and Storage__Endpoint override it.",
    };

    public void AddTo(Command command) => command.Add(Config);

    public IEnumerable<KeyValuePair<string, string?>> Read(ParseResult result)
    {
        var builder = new ConfigurationBuilder();
        if (result.GetValue(Config) is { } file)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"The configuration file {file} does not exist.", file);
            }

            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }

        return builder.AddEnvironmentVariables().Build().AsEnumerable();
    }
}
