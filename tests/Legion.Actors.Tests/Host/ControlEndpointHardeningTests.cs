using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Legion.Actors.Hosting;
using Legion.Actors.Tests.Hosting;
using Legion.Host;
using Serilog.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Host;

/// <summary>
/// The control endpoint against a hostile browser page and a hostile local client, over real HTTP on an in-process
/// node: cross-site requests, DNS rebinding, oversized bodies, connection floods.
/// </summary>
public sealed class ControlEndpointHardeningTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "tok-7c1e";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new();
    private LegionNode _node = null!;
    private LegionRegistry _registry = null!;
    private StatusTimeline _timeline = null!;
    private ControlEndpoint _endpoint = null!;
    private SerilogLoggerFactory _logging = null!;
    private SoloControlEndpoint _solo = null!;

    public async Task InitializeAsync()
    {
        _solo = await SoloControlEndpoint.StartAsync(output, Token);
        (_node, _registry, _timeline, _endpoint, _logging) = (_solo.Node, _solo.Registry, _solo.Timeline, _solo.Endpoint, _solo.Logging);
    }

    public async Task DisposeAsync()
    {
        await _solo.DisposeAsync();
        _http.Dispose();
    }

    private async Task<HttpStatusCode> Send(HttpMethod method, string path, Action<HttpRequestMessage>? headers = null, string? token = Token)
    {
        using var request = new HttpRequestMessage(method, new Uri(_endpoint.Url, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        headers?.Invoke(request);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private string Authority => $"127.0.0.1:{_endpoint.Url.Port}";

    [Fact]
    public async Task A_cross_site_page_cannot_step_the_Lord_down_or_change_the_valor()
    {
        var evil = await Send(HttpMethod.Post, "legions/web/step-down?force=true", r => r.Headers.Add("Origin", "http://evil.example"));
        var opaque = await Send(HttpMethod.Post, "legions/web/valor?value=1", r => r.Headers.Add("Origin", "null"));
        var fetchedCrossSite = await Send(HttpMethod.Post, "legions/web/valor?value=1", r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));
        var otherPort = await Send(HttpMethod.Put, "legions/web/scroll", r => r.Headers.Add("Origin", $"http://127.0.0.1:{_endpoint.Url.Port + 1}"));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (evil, opaque, fetchedCrossSite, otherPort));
        Assert.True(_registry["web"].Snapshot.IsLord);
        Assert.Equal(90UL, _registry["web"].Snapshot.Self!.Valor);
        Assert.Null(_registry["web"].Snapshot.Scroll);
    }

    [Fact]
    public async Task The_endpoints_own_origin_may_change_the_node()
    {
        var sameOrigin = await Send(HttpMethod.Post, "legions/web/valor?value=%2B1", r =>
        {
            r.Headers.Add("Origin", $"http://{Authority}");
            r.Headers.Add("Sec-Fetch-Site", "same-origin");
        });

        Assert.Equal(HttpStatusCode.OK, sameOrigin);
        Assert.Equal(91UL, _registry["web"].Snapshot.Self!.Valor);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("rebind.evil.example:{port}")]
    [InlineData("10.1.2.3:{port}")]
    public async Task A_request_for_a_host_name_other_than_the_endpoints_is_refused_so_DNS_rebinding_reaches_nothing(string host)
    {
        host = host.Replace("{port}", _endpoint.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var read = await Send(HttpMethod.Get, "status", r => r.Headers.Host = host);
        var page = await Send(HttpMethod.Get, "api/legions", r => r.Headers.Host = host);
        var change = await Send(HttpMethod.Post, "legions/web/valor?value=1", r => r.Headers.Host = host);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (read, page, change));
        Assert.Equal(90UL, _registry["web"].Snapshot.Self!.Valor);
    }

    [Theory]
    [InlineData("localhost:{port}")]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("127.0.0.1")]
    public async Task Loopback_names_and_the_bound_address_are_this_endpoint(string host)
    {
        host = host.Replace("{port}", _endpoint.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Get, "status", r => r.Headers.Host = host));
    }

    [Fact]
    public async Task A_scroll_whose_Content_Length_is_over_the_limit_is_refused_before_its_body_is_read()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _endpoint.Url.Port);
        var stream = client.GetStream();
        var head = $"PUT /legions/web/scroll HTTP/1.1\r\nHost: {Authority}\r\nAuthorization: Bearer {Token}\r\nContent-Type: text/plain\r\nContent-Length: 26214400\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[1024]);

        // The other 25 MB are never sent: the answer must come from the Content-Length alone.
        var answer = await ReadAnswer(stream);

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("legion-scroll-max-size", answer);
        Assert.Null(_registry["web"].Snapshot.Scroll);
    }

    [Fact]
    public async Task A_chunked_scroll_is_cut_off_once_it_passes_the_limit()
    {
        const int total = 30 * 1024 * 1024;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _endpoint.Url.Port);
        var stream = client.GetStream();
        var head = $"PUT /legions/web/scroll HTTP/1.1\r\nHost: {Authority}\r\nAuthorization: Bearer {Token}\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string('x', 0x10000) + "\r\n");
        long sent = 0;
        var answered = ReadAnswer(stream);
        try
        {
            while (sent < total && !answered.IsCompleted)
            {
                await stream.WriteAsync(chunk);
                sent += 0x10000;
            }
        }
        catch (IOException)
        {
            // The endpoint closed the connection under the rest of the body.
        }
        var answer = await answered;
        output.WriteLine($"sent {sent} bytes before the answer");

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.True(sent < total, $"the endpoint read the whole {total}-byte body before answering");
        Assert.Null(_registry["web"].Snapshot.Scroll);
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_closed_at_once_and_the_endpoint_serves_again_when_they_go()
    {
        const int count = 300;
        var clients = new List<TcpClient>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, _endpoint.Url.Port);
                clients.Add(client);
            }

            var closed = await Eventually.Until("the endpoint turns away the connections over its limit",
                async _ => (await Task.WhenAll(clients.Select(ClosedByServer))).Count(c => c), n => n >= count - ControlEndpointSettings.DefaultMaxConnections,
                Deadline, () => "");
            output.WriteLine($"{closed} of {count} idle connections closed by the endpoint");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
        var status = await Eventually.Until("the endpoint serves again", _ => Send(HttpMethod.Get, "status"), s => s == HttpStatusCode.OK, Deadline, () => "");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static async Task<bool> ClosedByServer(TcpClient client)
    {
        var socket = client.Client;
        try
        {
            if (!socket.Poll(0, SelectMode.SelectRead))
            {
                return false;
            }
            var buffer = new byte[1];
            return await socket.ReceiveAsync(buffer, SocketFlags.None) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static async Task<string> ReadAnswer(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0)
                {
                    break;
                }
                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
                var all = text.ToString();
                int end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0 && (all.Contains("Content-Length: 0", StringComparison.OrdinalIgnoreCase) || all.EndsWith('}') || all.EndsWith('\n')))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // Reset or no more answer: what arrived is the answer.
        }
        return text.ToString();
    }
}
