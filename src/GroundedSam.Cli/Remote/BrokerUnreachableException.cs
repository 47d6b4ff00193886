namespace GroundedSam.Cli;

/// <summary>The bus did not start: RabbitMQ is not where the configuration says.</summary>
internal sealed class BrokerUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
