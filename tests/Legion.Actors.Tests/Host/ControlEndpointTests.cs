using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Legion.Actors.Hosting;
using Legion.Actors.Tests.Hosting;
using Legion.Host;
using Serilog.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Host;

/// <summary>The control endpoint over HTTP, on an in-process node.</summary>
public sealed class ControlEndpointTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "tok-9f2c";
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

    private async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string path, string? body = null, string? token = Token)
    {
        using var request = new HttpRequestMessage(method, new Uri(_endpoint.Url, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Fact]
    public async Task Without_the_token_only_the_page_shell_is_served()
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "", token: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Get, "status", token: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Get, "api/legions", token: "wrong")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Post, "legions/web/valor?value=1", token: null)).Status);
        Assert.Equal(90UL, _registry["web"].Snapshot.Self!.Valor);
    }

    [Fact]
    public async Task Status_serves_the_stats_document()
    {
        var (status, body) = await Send(HttpMethod.Get, "status");

        Assert.Equal(HttpStatusCode.OK, status);
        var legion = body.GetProperty("legions")[0];
        Assert.Equal("web", legion.GetProperty("legion").GetString());
        Assert.Equal(90, legion.GetProperty("valor").GetInt32());
        Assert.NotEqual(0, legion.GetProperty("i_am_the_lord").GetInt64());
        Assert.DoesNotContain("s3cret", body.ToString());
    }

    [Fact]
    public async Task Valor_scroll_and_step_down_change_the_node_and_answer_with_what_happened()
    {
        var raised = await Send(HttpMethod.Post, "legions/web/valor?value=%2B5");
        var scroll = await Send(HttpMethod.Put, "legions/web/scroll", "primary=10.0.0.7");
        var refused = await Send(HttpMethod.Post, "legions/web/step-down?for=30s");
        var forced = await Send(HttpMethod.Post, "legions/web/step-down?for=30s&force=true");

        Assert.Equal((HttpStatusCode.OK, "valor changed from 90 to 95"), (raised.Status, raised.Body.GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.OK, scroll.Status);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("no other member", refused.Body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, forced.Status);
        Assert.Equal(0, forced.Body.GetProperty("valor").GetInt32());
        var snapshot = await LoopbackLegion.Until(_registry["web"], "stepped down", s => !s.IsLord);
        Assert.Equal("primary=10.0.0.7", snapshot.Scroll);
    }

    [Theory]
    [InlineData("legions/nope/valor?value=1", HttpStatusCode.NotFound)]
    [InlineData("legions/web/valor?value=lots", HttpStatusCode.BadRequest)]
    [InlineData("legions/web/valor?value=70000", HttpStatusCode.Conflict)]
    [InlineData("legions/web/step-down?for=soon", HttpStatusCode.BadRequest)]
    public async Task A_bad_request_is_answered_with_a_reason_and_changes_nothing(string path, HttpStatusCode expected)
    {
        var (status, body) = await Send(HttpMethod.Post, path);

        Assert.Equal(expected, status);
        Assert.False(body.GetProperty("accepted").GetBoolean());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.Equal(90UL, _registry["web"].Snapshot.Self!.Valor);
    }

    [Fact]
    public async Task The_page_data_names_the_Lord_and_carries_a_timeline()
    {
        var (status, body) = await Send(HttpMethod.Get, "api/legions");

        Assert.Equal(HttpStatusCode.OK, status);
        var legion = body.GetProperty("legions")[0];
        Assert.Equal("solo", legion.GetProperty("lord").GetProperty("name").GetString());
        Assert.Contains(body.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("became Lord"));
    }

    [Fact]
    public async Task A_token_the_node_made_guards_changes_and_leaves_reads_open()
    {
        await using var endpoint = await ControlEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), ControlEndpointSettings.WithNodeToken("node-made-5d"), _node, _registry, _timeline, _logging);
        using var anonymous = await _http.PostAsync(new Uri(endpoint.Url, "legions/web/valor?value=5"), null);
        using var read = await _http.GetAsync(new Uri(endpoint.Url, "status"));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.Url, "legions/web/valor?value=%2B1"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "node-made-5d");
        using var authorized = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.Equal(91UL, _registry["web"].Snapshot.Self!.Valor);
    }

    [Fact]
    public async Task An_endpoint_without_a_token_takes_no_changes()
    {
        await using var endpoint = await ControlEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), ControlEndpointSettings.ReadOnly, _node, _registry, _timeline, _logging);
        using var change = await _http.PostAsync(new Uri(endpoint.Url, "legions/web/step-down?force=true"), null);
        using var read = await _http.GetAsync(new Uri(endpoint.Url, "api/legions"));

        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Contains("without a control token", await change.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(_registry["web"].Snapshot.IsLord);
    }

    [Fact]
    public async Task A_host_name_the_operator_allowed_is_answered()
    {
        await using var endpoint = await ControlEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0),
            ControlEndpointSettings.WithToken(Token) with { AllowedHosts = ["legion-1.example.internal"] }, _node, _registry, _timeline, _logging);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.Url, "status"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        request.Headers.Host = $"LEGION-1.example.internal:{endpoint.Url.Port}";
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
