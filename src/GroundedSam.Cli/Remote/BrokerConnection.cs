using GroundedSam.Pipeline.Hosting;
using GroundedSam.Storage;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace GroundedSam.Cli.Remote;

/// <summary>A plain RabbitMQ connection from the workers' settings, for what the bus does not do: look at queues (<c>submit</c>, <c>errors</c>).</summary>
internal static class BrokerConnection
{
    public static async Task<IConnection> OpenAsync(RabbitMqOptions broker, string clientName, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.Port,
            VirtualHost = broker.VirtualHost,
            UserName = broker.Username,
            Password = broker.Password,
            RequestedConnectionTimeout = RabbitMqOptions.AttemptTimeout,
            ClientProvidedName = clientName,
            Ssl = new SslOption { Enabled = broker.UseTls, ServerName = broker.Host },
        };
        try
        {
            return await factory.CreateConnectionAsync(cancellationToken);
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException ex)
        {
            throw new GroundedSam.Cli.BrokerUnreachableException(
                $"RabbitMQ at {EndpointText.Redact(broker.Host)}:{broker.Port} (vhost {broker.VirtualHost}) did not answer: {EndpointText.Redact(ex.InnerException?.Message ?? ex.Message)} " +
                "Start it, or point RabbitMq__Host, RabbitMq__Port, RabbitMq__Username and RabbitMq__Password at it.", ex);
        }
    }

    /// <summary>Whether <paramref name="queue"/> exists in the broker's virtual host.</summary>
    public static async Task<bool> QueueExistsAsync(RabbitMqOptions broker, string queue, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(broker, "gsam submit", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return await MessageCountAsync(channel, queue, cancellationToken) is not null;
    }

    /// <summary>The messages ready in <paramref name="queue"/>, or null when it does not exist (the channel is then closed by the broker).</summary>
    public static async Task<uint?> MessageCountAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }
}
