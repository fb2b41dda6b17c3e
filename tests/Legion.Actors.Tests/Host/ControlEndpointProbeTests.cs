using System.Net;
using System.Net.Http.Headers;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Tests.Hosting;
using Legion.Host;
using Serilog.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Host;

/// <summary>
/// Kubernetes-style probes and the Prometheus scrape endpoint of the control endpoint, over real HTTP on an
/// in-process node.
/// </summary>
public sealed class ControlEndpointProbeTests(ITestOutputHelper output)
{
    private const string Token = "tok-probe-31";

    private sealed class Endpoint(LegionNode node, LegionRegistry registry, StatusTimeline timeline, SerilogLoggerFactory logging, ControlEndpoint endpoint) : IAsyncDisposable
    {
        public LegionRegistry Registry => registry;

        public Uri Url => endpoint.Url;

        public LegionNode Node => node;

        public async ValueTask DisposeAsync()
        {
            await endpoint.DisposeAsync();
            timeline.Dispose();
            await node.StopAsync();
            registry.Dispose();
            logging.Dispose();
        }
    }

    private async Task<Endpoint> Start(string legion, TimeSpan? frequency = null)
    {
        var options = LoopbackLegion.Options(legion, LoopbackLegion.Ports(1)[0], [], 90);
        if (frequency is { } f)
        {
            options = options with { Frequency = f, Tolerance = f * 5 };
        }
        var (node, registry) = await LoopbackLegion.StartAsync(options, output, "solo");
        var timeline = new StatusTimeline(node, registry);
        var logging = new SerilogLoggerFactory(new Serilog.LoggerConfiguration().CreateLogger(), dispose: true);
        var endpoint = await ControlEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), ControlEndpointSettings.WithToken(Token), node, registry, timeline, logging);
        return new Endpoint(node, registry, timeline, logging, endpoint);
    }

    private static async Task<(HttpStatusCode Status, string Body, string? ContentType)> Get(Uri url, string path, string? token = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task A_node_in_its_warm_up_is_live_but_not_ready_and_ready_once_it_has_held_a_round()
    {
        // freq 3 s: the warm-up (two periods) outlasts the first probes.
        await using var endpoint = await Start("probe", TimeSpan.FromSeconds(3));

        var live = await Get(endpoint.Url, "health/live");
        var ready = await Get(endpoint.Url, "health/ready");
        var health = await Get(endpoint.Url, "health");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("probe: no election round yet", ready.Body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);

        await LoopbackLegion.Until(endpoint.Registry["probe"], "the first round", s => s.Verdict is not null);
        var readyNow = await Get(endpoint.Url, "health/ready");
        Assert.Equal(HttpStatusCode.OK, readyNow.Status);
        Assert.StartsWith("ready", readyNow.Body);
        Assert.Equal(HttpStatusCode.OK, (await Get(endpoint.Url, "health")).Status);
    }

    [Fact]
    public async Task Probes_need_no_token_and_show_no_secret()
    {
        await using var endpoint = await Start("quiet");
        await endpoint.Registry["quiet"].WaitForLordshipAsync().WaitAsync(LoopbackLegion.Patience);

        foreach (var path in new[] { "health", "health/live", "health/ready" })
        {
            var (status, body, type) = await Get(endpoint.Url, path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.StartsWith("text/plain", type);
            Assert.DoesNotContain("s3cret", body);
            Assert.DoesNotContain(endpoint.Node.Options.Legions[0].Secret, body);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(endpoint.Url, "status")).Status);
    }

    [Fact]
    public async Task A_node_that_stopped_its_legions_is_neither_live_nor_ready()
    {
        var endpoint = await Start("gone");
        try
        {
            await endpoint.Registry["gone"].WaitForLordshipAsync().WaitAsync(LoopbackLegion.Patience);
            await endpoint.Node.StopAsync();

            var live = await Get(endpoint.Url, "health/live");
            var ready = await Get(endpoint.Url, "health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, live.Status);
            Assert.Contains("gone: not running", live.Body);
            Assert.Contains("the node has stopped", live.Body);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        }
        finally
        {
            await endpoint.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_Legion_meter_is_served_in_Prometheus_text_format()
    {
        await using var endpoint = await Start("scraped");
        await endpoint.Registry["scraped"].WaitForLordshipAsync().WaitAsync(LoopbackLegion.Patience);

        var anonymous = await Get(endpoint.Url, "metrics");
        var (status, body, type) = await Eventually.Until("the scrape shows this node as Lord",
            _ => Get(endpoint.Url, "metrics", Token), r => r.Body.Contains("legion_lord{", StringComparison.Ordinal) && r.Body.Contains("legion=\"scraped\"", StringComparison.Ordinal),
            LoopbackLegion.Patience, () => "");
        output.WriteLine(body);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("text/plain", type);
        Assert.Contains("# TYPE legion_lord gauge", body);
        Assert.Matches(@"(?m)^legion_lord\{[^}]*legion=""scraped""[^}]*\} 1( \d+)?$", body);
        Assert.Matches(@"(?m)^legion_valor\{[^}]*legion=""scraped""[^}]*\} 90( \d+)?$", body);
        Assert.Contains("# TYPE legion_lord_changes_total counter", body);
        Assert.DoesNotContain("s3cret", body);
    }
}
