using System.Net;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Hosting;

/// <summary>Legions of our nodes on loopback UDP with fast timers (freq 200 ms, tolerance 1 s).</summary>
internal static class LoopbackLegion
{
    public static readonly TimeSpan Freq = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    /// <summary>Generous bound for anything that takes a few heartbeats on a loaded machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary><paramref name="count"/> distinct free UDP ports on 127.0.0.1.</summary>
    public static IPEndPoint[] Ports(int count)
    {
        var ports = new List<IPEndPoint>();
        while (ports.Count < count)
        {
            var port = LoopbackPorts.FreeUdp();
            if (!ports.Any(p => p.Port == port.Port))
            {
                ports.Add(port);
            }
        }
        return [.. ports];
    }

    /// <summary>Options of the node on <paramref name="self"/> in a legion of every address in <paramref name="all"/>.</summary>
    public static LegionOptions Options(string legion, IPEndPoint self, IEnumerable<IPEndPoint> all, ushort valor, int quorum = 0,
        string? scroll = null, IReadOnlyList<LegionActionSpec>? actions = null) => new()
    {
        Frequency = Freq,
        Tolerance = Tolerance,
        Legions =
        [
            new LegionDefinition
            {
                Name = legion,
                Address = NodeAddress.Udp("127.0.0.1", self.Port),
                Valor = valor,
                Cipher = "aes-128-cbc",
                Secret = "s3cret",
                Quorum = quorum,
                Scroll = scroll,
                Actions = actions ?? [],
                Nodes = all.Where(a => a.Port != self.Port).Select(a => NodeAddress.Udp("127.0.0.1", a.Port)).ToList(),
            },
        ],
    };

    /// <summary>Starts a node and a registry that follows it.</summary>
    public static async Task<(LegionNode Node, LegionRegistry Registry)> StartAsync(LegionOptions options, ITestOutputHelper output, string name)
    {
        var node = await LegionNode.StartAsync(options, new LegionNodeOptions { HostName = name, LoggerFactory = new XunitLoggerFactory(output, name + " ") });
        var registry = new LegionRegistry(options);
        await registry.AttachAsync(node);
        return (node, registry);
    }

    /// <summary>Waits until <paramref name="holds"/> is true of the legion's snapshot.</summary>
    public static Task<LegionSnapshot> Until(ILegion legion, string what, Func<LegionSnapshot, bool> holds) =>
        Eventually.Until(what, _ => Task.FromResult(legion.Snapshot), holds, Patience, () => legion.Snapshot.ToString());
}
