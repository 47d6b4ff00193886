using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GroundedSam.Cli.DeadLetters;

/// <summary>
/// One message in a stage's <c>_error</c> queue, as MassTransit left it there: the job it carries and the
/// <c>MT-Fault-*</c> headers that say why. Everything comes from the broker and is not trusted: a body that is not a
/// job has no <see cref="JobId"/>, and texts are printed escaped.
/// </summary>
internal sealed record DeadLetter(Guid? JobId, string? MessageType, string? ExceptionType, string? ExceptionMessage, DateTimeOffset? FirstFailedAt,
    DateTimeOffset? LastFailedAt, int Replays, int BodyBytes)
{
    /// <summary>Largest body searched for a job id; a job is a few hundred bytes.</summary>
    private const int MaxParsedBytes = 1024 * 1024;

    public const string FaultHeaderPrefix = "MT-Fault-";
    public const string FirstFailedHeader = "gsam-first-failed-at";
    public const string ReplaysHeader = "gsam-replays";

    public static DeadLetter From(IDictionary<string, object?>? headers, ReadOnlyMemory<byte> body)
    {
        var lastFailed = Time(Text(headers, "MT-Fault-Timestamp"));
        return new DeadLetter(
            FindJobId(body.Span),
            Text(headers, "MT-Fault-MessageType"),
            Cut(Text(headers, "MT-Fault-ExceptionType")),
            Cut(Text(headers, "MT-Fault-Message")),
            Time(Text(headers, FirstFailedHeader)) ?? lastFailed,
            lastFailed,
            int.TryParse(Text(headers, ReplaysHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var replays) ? replays : 0,
            body.Length);
    }

    /// <summary>A header as text: AMQP long strings arrive as bytes.</summary>
    public static string? Text(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string text => text,
            null => null,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        } : null;

    /// <summary>Longest header text kept: a broker frame may hold 128 KB of exception message per letter.</summary>
    private const int MaxTextLength = 2000;

    private static string? Cut(string? text) => text is { Length: > MaxTextLength } ? text[..MaxTextLength] + "…" : text;

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>The <c>jobId</c> of a MassTransit envelope's <c>message</c>, or of a raw JSON message.</summary>
    private static Guid? FindJobId(ReadOnlySpan<byte> body)
    {
        if (body.Length is 0 or > MaxParsedBytes)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var message = Property(root, "message") is { ValueKind: JsonValueKind.Object } inner ? inner : root;
            return Property(message, "jobId") is { ValueKind: JsonValueKind.String } id && id.TryGetGuid(out var jobId) ? jobId : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not JSON, or names that are not UTF-8: no job id to be found.
            return null;
        }
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
