using System.Globalization;
using System.Text;
using GroundedSam.Pipeline.Hosting;
using GroundedSam.Cli.Remote;
using RabbitMQ.Client;

namespace GroundedSam.Cli.DeadLetters;

/// <summary>
/// A stage's dead letters on RabbitMQ: MassTransit moves a message a consumer gave up on from <c>{queue}</c> to
/// <c>{queue}_error</c> with <c>MT-Fault-*</c> headers. <see cref="PeekAsync"/> reads them and leaves them where they
/// are; <see cref="ReplayAsync"/> publishes the chosen ones back to <c>{queue}</c> (fault headers removed, the first
/// failure time and a replay count kept), confirmed by the broker before each leaves the error queue, so a message is
/// never lost and at worst sent twice, which the stages absorb. Only the messages present when the command starts are
/// looked at, so one that fails again at once is not replayed in a loop.
/// </summary>
internal sealed class ErrorQueue : IAsyncDisposable
{
    public const string Suffix = "_error";

    private readonly IConnection _connection;

    private ErrorQueue(IConnection connection, string queue)
    {
        _connection = connection;
        Queue = queue;
    }

    /// <summary>The stage's queue, e.g. <c>segment-image</c>.</summary>
    public string Queue { get; }

    public string Name => Queue + Suffix;

    /// <param name="queue">The stage's queue (<c>segment-image</c>) or its error queue (<c>segment-image_error</c>).</param>
    public static async Task<ErrorQueue> OpenAsync(RabbitMqOptions broker, string queue, CancellationToken cancellationToken)
    {
        queue = queue.EndsWith(Suffix, StringComparison.Ordinal) ? queue[..^Suffix.Length] : queue;
        if (queue.Length is 0 or > 200 || queue.Any(char.IsControl))
        {
            throw new ArgumentException($"\"{TerminalText.Safe(queue)}\" is not a queue name: give a stage's queue, such as segment-image or merge-masks.");
        }

        return new ErrorQueue(await BrokerConnection.OpenAsync(broker, "gsam errors", cancellationToken), queue);
    }

    /// <summary>Up to <paramref name="max"/> dead letters, oldest first, and how many the queue holds; the messages stay in the queue.</summary>
    public async Task<(IReadOnlyList<DeadLetter> Letters, uint Total)> PeekAsync(int max, CancellationToken cancellationToken)
    {
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var total = await CountAsync(channel, Name, cancellationToken);
        var letters = new List<DeadLetter>();
        ulong last = 0;
        while (letters.Count < Math.Min(max, total) && await channel.BasicGetAsync(Name, autoAck: false, cancellationToken) is { } message)
        {
            letters.Add(DeadLetter.From(message.BasicProperties.Headers, message.Body));
            last = message.DeliveryTag;
        }

        // Back where they were, in their order.
        if (last > 0)
        {
            await channel.BasicNackAsync(last, multiple: true, requeue: true, cancellationToken);
        }

        return (letters, total);
    }

    /// <summary>Moves the dead letters <paramref name="select"/> chooses back to the stage's queue; returns those moved and those left.</summary>
    public async Task<(IReadOnlyList<DeadLetter> Moved, int Left)> ReplayAsync(Func<DeadLetter, bool> select, CancellationToken cancellationToken)
    {
        await using (var check = await _connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            // The target must exist: the default exchange drops a message for a queue that does not.
            _ = await CountAsync(check, Queue, cancellationToken);
        }

        await using var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var total = await CountAsync(channel, Name, cancellationToken);
        var moved = new List<DeadLetter>();
        var left = 0;
        ulong lastKept = 0;
        for (var seen = 0u; seen < total && await channel.BasicGetAsync(Name, autoAck: false, cancellationToken) is { } message; seen++)
        {
            var letter = DeadLetter.From(message.BasicProperties.Headers, message.Body);
            if (!select(letter))
            {
                lastKept = message.DeliveryTag;
                left++;
                continue;
            }

            var properties = new BasicProperties(message.BasicProperties) { Headers = Replayed(message.BasicProperties.Headers, letter) };
            await channel.BasicPublishAsync(string.Empty, Queue, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved.Add(letter);
        }

        if (lastKept > 0)
        {
            await channel.BasicNackAsync(lastKept, multiple: true, requeue: true, cancellationToken);
        }

        return (moved, left);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync();
        _connection.Dispose();
    }

    /// <summary>The message's headers without MassTransit's fault and redelivery marks, with the first failure time and a replay count.</summary>
    private static Dictionary<string, object?> Replayed(IDictionary<string, object?>? headers, DeadLetter letter)
    {
        var kept = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in headers ?? new Dictionary<string, object?>())
        {
            if (!name.StartsWith(DeadLetter.FaultHeaderPrefix, StringComparison.OrdinalIgnoreCase) && name is not ("MT-Reason" or "MT-Redelivery-Count"))
            {
                kept[name] = value;
            }
        }

        if (letter.FirstFailedAt is { } first)
        {
            kept[DeadLetter.FirstFailedHeader] = Encoding.UTF8.GetBytes(first.ToString("O", CultureInfo.InvariantCulture));
        }

        kept[DeadLetter.ReplaysHeader] = Encoding.UTF8.GetBytes((letter.Replays + 1).ToString(CultureInfo.InvariantCulture));
        return kept;
    }

    private static async Task<uint> CountAsync(IChannel channel, string queue, CancellationToken cancellationToken) =>
        await BrokerConnection.MessageCountAsync(channel, queue, cancellationToken)
        ?? throw new ArgumentException($"There is no queue {TerminalText.Safe(queue)} on this broker (vhost): check the name (segment-image, merge-masks) and RabbitMq__VirtualHost.");
}
