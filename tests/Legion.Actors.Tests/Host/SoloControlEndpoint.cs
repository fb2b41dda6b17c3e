using System.Net;
using Legion.Actors.Hosting;
using Legion.Actors.Tests.Hosting;
using Legion.Host;
using Serilog.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Host;

/// <summary>
/// The control endpoint's test bed: a lone in-process node (legion "web", valor 90, loopback UDP) that is Lord, its
/// registry and timeline, and the endpoint on an ephemeral loopback port guarded by <c>token</c>.
/// </summary>
internal sealed class SoloControlEndpoint : IAsyncDisposable
{
    private SoloControlEndpoint(LegionNode node, LegionRegistry registry, StatusTimeline timeline, SerilogLoggerFactory logging, ControlEndpoint endpoint)
    {
        Node = node;
        Registry = registry;
        Timeline = timeline;
        Logging = logging;
        Endpoint = endpoint;
    }

    public LegionNode Node { get; }

    public LegionRegistry Registry { get; }

    public StatusTimeline Timeline { get; }

    public SerilogLoggerFactory Logging { get; }

    public ControlEndpoint Endpoint { get; }

    /// <summary>Starts the node and the endpoint, and returns once the node is Lord.</summary>
    public static async Task<SoloControlEndpoint> StartAsync(ITestOutputHelper output, string token)
    {
        var options = LoopbackLegion.Options("web", LoopbackLegion.Ports(1)[0], [], 90);
        var (node, registry) = await LoopbackLegion.StartAsync(options, output, "solo");
        var timeline = new StatusTimeline(node, registry);
        var logging = new SerilogLoggerFactory(new Serilog.LoggerConfiguration().CreateLogger(), dispose: true);
        var endpoint = await ControlEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), ControlEndpointSettings.WithToken(token), node, registry, timeline, logging);
        await registry["web"].WaitForLordshipAsync().WaitAsync(LoopbackLegion.Patience);
        return new SoloControlEndpoint(node, registry, timeline, logging, endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        Timeline.Dispose();
        await Node.StopAsync();
        Registry.Dispose();
        Logging.Dispose();
    }
}
