using System.Net;
using System.Net.Sockets;

namespace GroundedSam.Testing;

/// <summary>
/// A TCP proxy on loopback in front of a real service, for faults that touch one test's clients only: <see cref="Cut"/>
/// drops every connection and refuses new ones (the service is gone), <see cref="Freeze"/> keeps connections open but
/// passes no byte (the service hangs), <see cref="Restore"/> ends either. The shared service itself never stops.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile TaskCompletionSource _flowing = Flowing();

    public TcpFaultProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The loopback port clients connect to instead of the service's.</summary>
    public int Port { get; }

    public void Cut()
    {
        _cut = true;
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
            _connections.Clear();
        }
    }

    public void Freeze() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Restore()
    {
        _cut = false;
        _flowing.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        _flowing.TrySetResult();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            if (_cut)
            {
                client.Dispose();
                continue;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[81920];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stopping.Token);
                if (read == 0)
                {
                    break;
                }

                await _flowing.Task.WaitAsync(_stopping.Token);
                await target.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or SocketException)
        {
            // A cut, a stop, or the other side closing.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
