using System.Collections.Concurrent;
using System.Net;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>An in-process node of ours on a real loopback UDP socket, recording every event it fires.</summary>
internal sealed class OurNode : IAsyncDisposable
{
    private readonly ConcurrentQueue<LegionEventFired> _events;

    private OurNode(LegionNode node, string legion, IPEndPoint endPoint, ConcurrentQueue<LegionEventFired> events)
    {
        Node = node;
        Legion = legion;
        EndPoint = endPoint;
        _events = events;
    }

    public LegionNode Node { get; }

    public string Legion { get; }

    public IPEndPoint EndPoint { get; }

    public NodeIdentity Identity => Node.Identity(Legion);

    public IReadOnlyList<LegionEventFired> Events => _events.ToArray();

    public bool Fired(LegionEvent legionEvent) => _events.Any(e => e.Event == legionEvent);

    /// <summary>Starts a node of legion <paramref name="legion"/> on <paramref name="endPoint"/>, announcing to <paramref name="nodes"/>.</summary>
    public static async Task<OurNode> StartAsync(ITestOutputHelper output, string legion, IPEndPoint endPoint, IEnumerable<IPEndPoint> nodes,
        ushort valor, string cipher = "aes-128-cbc", string secret = "s3cret", string? iv = null, int freqSeconds = 1, int toleranceSeconds = 3,
        int quorum = 0, string? uuid = null, string? nextSecret = null)
    {
        var options = new LegionOptions
        {
            Frequency = TimeSpan.FromSeconds(freqSeconds),
            Tolerance = TimeSpan.FromSeconds(toleranceSeconds),
            Legions =
            [
                new LegionDefinition
                {
                    Name = legion,
                    Address = NodeAddress.Udp(endPoint.Address.ToString(), endPoint.Port),
                    Valor = valor,
                    Cipher = cipher,
                    Secret = secret,
                    Iv = iv,
                    NextSecret = nextSecret,
                    Quorum = quorum,
                    Nodes = nodes.Select(n => NodeAddress.Udp(n.Address.ToString(), n.Port)).ToList(),
                },
            ],
        };
        // Events recorded from before the first legion starts: a subscription after StartAsync missed an early join.
        var events = new ConcurrentQueue<LegionEventFired>();
        var nodeOptions = new LegionNodeOptions { LoggerFactory = new XunitLoggerFactory(output, "ours "), OnEvent = events.Enqueue };
        if (uuid is not null)
        {
            nodeOptions = nodeOptions with { UuidFactory = () => uuid };
        }
        var node = await LegionNode.StartAsync(options, nodeOptions);
        return new OurNode(node, legion, endPoint, events);
    }

    public Task<LegionStatus> StatusAsync() => Node.GetStatusAsync(Legion);

    public async ValueTask DisposeAsync()
    {
        await Node.StopAsync();
    }
}
