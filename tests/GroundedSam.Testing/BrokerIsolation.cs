using System.Net.Http.Headers;
using System.Text;

namespace GroundedSam.Testing;

/// <summary>
/// A virtual host of its own for each test, made and removed through RabbitMQ's management API, so that queues,
/// exchanges and left-over messages of one test never reach another. The API is at the broker's host on port 15672
/// (the management plugin that <c>.ci/services</c> enables), or at <c>GSAM_TEST_RABBITMQ_MANAGEMENT</c>.
/// </summary>
public sealed class BrokerIsolation : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _vhost;

    private BrokerIsolation(HttpClient http, string vhost, RabbitMqEndpoint endpoint)
    {
        _http = http;
        _vhost = vhost;
        Endpoint = endpoint;
    }

    public RabbitMqEndpoint Endpoint { get; }

    public static async Task<BrokerIsolation> CreateAsync(RabbitMqEndpoint broker)
    {
        var api = Environment.GetEnvironmentVariable("GSAM_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } url
            ? new Uri(url)
            : new Uri($"http://{broker.Host}:15672/");
        var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.UserName}:{broker.Password}")));
        var vhost = $"gsam-test-{Guid.NewGuid():N}";
        try
        {
            (await http.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
            using var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
            (await http.PutAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(broker.UserName)}", permissions)).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException ex)
        {
            http.Dispose();
            throw new TestServiceUnavailableException(
                $"RabbitMQ's management API at {api} did not create a test virtual host ({ex.Message}). Enable the management plugin " +
                "(`bash .ci/services start` does) or set GSAM_TEST_RABBITMQ_MANAGEMENT to its URL.", ex);
        }

        return new BrokerIsolation(http, vhost, broker with { VirtualHost = vhost });
    }

    /// <summary>Messages waiting in a queue of this virtual host, or null when the queue does not exist.</summary>
    public async Task<int?> QueueDepthAsync(string queue)
    {
        using var response = await _http.GetAsync($"api/queues/{_vhost}/{queue}");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == System.Text.Json.JsonValueKind.Number
            ? messages.GetInt32()
            : 0;
    }

    /// <summary>Every queue of this virtual host with the messages in it (ready and unacknowledged).</summary>
    public async Task<IReadOnlyDictionary<string, int>> QueuesAsync()
    {
        using var response = await _http.GetAsync($"api/queues/{_vhost}");
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().ToDictionary(
            queue => queue.GetProperty("name").GetString()!,
            queue => queue.TryGetProperty("messages", out var messages) && messages.ValueKind == System.Text.Json.JsonValueKind.Number ? messages.GetInt32() : 0);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _http.DeleteAsync($"api/vhosts/{_vhost}");
        }
        catch (HttpRequestException)
        {
            // The broker went away; its vhost went with it.
        }

        _http.Dispose();
    }
}
