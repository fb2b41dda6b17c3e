using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Legion.Host;

/// <summary>
/// uWSGI-compatible stats server (<c>--stats ADDR</c>): for every TCP connection, writes one JSON
/// document and closes the connection, as uWSGI's stats server does. At most <see cref="MaxClients"/> clients are
/// served at once, each for at most <see cref="ClientTimeout"/>; further connections wait in the kernel's listen
/// backlog, unaccepted, so a flood of clients that never read holds none of the node's descriptors beyond those.
/// </summary>
internal sealed class StatsServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<CancellationToken, Task<byte[]>> _document;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots = new(MaxClients, MaxClients);
    private Task _accepting = Task.CompletedTask;

    private StatsServer(TcpListener listener, Func<CancellationToken, Task<byte[]>> document, ILogger logger)
    {
        _listener = listener;
        _document = document;
        _logger = logger;
    }

    /// <summary>Clients served at once: 16.</summary>
    public const int MaxClients = 16;

    /// <summary>How long one client may take to be served (its document made and written): 5 s.</summary>
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The bound address.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Binds <paramref name="address"/> (<c>HOST:PORT</c>) and starts serving.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public static StatsServer Start(string address, Func<CancellationToken, Task<byte[]>> document, ILogger logger)
    {
        int colon = address.LastIndexOf(':');
        string host = address[..colon];
        int port = int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var ip = host.Length == 0 ? IPAddress.Any : IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var listener = new TcpListener(ip, port);
        listener.Start();
        var server = new StatsServer(listener, document, logger);
        server._accepting = server.AcceptLoop();
        return server;
    }

    private async Task AcceptLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                await _slots.WaitAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                _slots.Release();
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                // Out of descriptors (EMFILE) or a client gone before it was accepted: try again a little later rather
                // than spin on an accept that keeps failing.
                _logger.LogDebug(ex, "Stats server could not accept a client");
                try
                {
                    await Task.Delay(AcceptRetry, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            _ = Serve(client);
        }
    }

    private static readonly TimeSpan AcceptRetry = TimeSpan.FromMilliseconds(100);

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(ClientTimeout);
                byte[] json = await _document(timeout.Token).ConfigureAwait(false);
                var stream = client.GetStream();
                await stream.WriteAsync(json, timeout.Token).ConfigureAwait(false);
                await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or TimeoutException)
            {
                _logger.LogDebug(ex, "Stats client went away");
            }
            finally
            {
                _slots.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
