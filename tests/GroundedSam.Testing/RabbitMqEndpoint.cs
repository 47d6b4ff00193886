using System.Globalization;

namespace GroundedSam.Testing;

/// <summary>A RabbitMQ broker for integration tests, as separate settings and as an amqp:// URI.</summary>
public sealed record RabbitMqEndpoint(string Host, int Port, string UserName, string Password, string VirtualHost)
{
    /// <summary>The same broker as <c>amqp://user:password@host:port/vhost</c>.</summary>
    public Uri AmqpUri
    {
        get
        {
            // The default vhost "/" is the URI's empty path; any other one is one escaped path segment.
            var path = VirtualHost == "/" ? "/" : "/" + Uri.EscapeDataString(VirtualHost);
            var user = Uri.EscapeDataString(UserName) + ":" + Uri.EscapeDataString(Password);
            return new Uri(string.Create(CultureInfo.InvariantCulture, $"amqp://{user}@{Host}:{Port}{path}"));
        }
    }

    /// <summary>
    /// Reads <c>amqp://user:password@host:port/vhost</c> the way RabbitMQ clients do: no path or "/" is the default
    /// vhost "/", "%2f" is "/" too, missing parts default to guest, guest and 5672.
    /// </summary>
    public static RabbitMqEndpoint Parse(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var url) || (url.Scheme != "amqp" && url.Scheme != "amqps"))
        {
            throw new FormatException($"\"{uri}\" is not an amqp:// URI such as amqp://guest:guest@127.0.0.1:5672/.");
        }

        var userInfo = url.UserInfo.Split(':', 2);
        var user = userInfo[0].Length == 0 ? "guest" : Uri.UnescapeDataString(userInfo[0]);
        var password = userInfo.Length < 2 ? "guest" : Uri.UnescapeDataString(userInfo[1]);
        var port = url.IsDefaultPort || url.Port < 0 ? (url.Scheme == "amqps" ? 5671 : 5672) : url.Port;
        var path = url.AbsolutePath.TrimStart('/');
        var vhost = path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
        return new RabbitMqEndpoint(url.Host, port, user, password, vhost);
    }

    /// <summary>The password must not leak into test logs.</summary>
    /// <summary>This broker as a host's settings ("RabbitMq:Host", …), reached through <paramref name="port"/> when a proxy stands before it.</summary>
    public Dictionary<string, string?> Settings(int? port = null) => new()
    {
        ["RabbitMq:Host"] = Host,
        ["RabbitMq:Port"] = (port ?? Port).ToString(CultureInfo.InvariantCulture),
        ["RabbitMq:VirtualHost"] = VirtualHost,
        ["RabbitMq:Username"] = UserName,
        ["RabbitMq:Password"] = Password,
    };

    public override string ToString() => $"RabbitMQ at {Host}:{Port}, vhost {VirtualHost}, user {UserName}";
}
