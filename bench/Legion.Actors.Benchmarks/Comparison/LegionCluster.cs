using System.Diagnostics;
using System.Net;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// N real nodes of one implementation in one legion on loopback, each announcing to all the others (unicast),
/// valors N×100 down to 100 so node 0 is the expected Lord. Disposing kills them all.
/// </summary>
public sealed class LegionCluster : IDisposable
{
    private readonly BenchNode?[] _nodes;

    private LegionCluster(NodeKind kind, NodeSpec[] specs)
    {
        Kind = kind;
        Specs = specs;
        _nodes = new BenchNode?[specs.Length];
    }

    /// <summary>Which implementation runs.</summary>
    public NodeKind Kind { get; }

    /// <summary>The nodes' settings; node 0 has the highest valor.</summary>
    public IReadOnlyList<NodeSpec> Specs { get; }

    /// <summary>Node <paramref name="index"/> (started).</summary>
    public BenchNode this[int index] => _nodes[index] ?? throw new InvalidOperationException($"node {index} is not running");

    /// <summary>Builds the specs and starts every node.</summary>
    /// <param name="kind">Implementation.</param>
    /// <param name="count">Number of nodes.</param>
    /// <param name="frequency">legion-freq.</param>
    /// <param name="tolerance">legion-tolerance.</param>
    /// <param name="listeners">Extra announce targets for node 0 (a bench socket timing its announces).</param>
    /// <param name="lordActions">Extra lord actions for node 0.</param>
    /// <param name="quorum">legion-quorum of every node; 0 for none.</param>
    public static LegionCluster Start(NodeKind kind, int count, TimeSpan frequency, TimeSpan tolerance,
        IReadOnlyList<IPEndPoint>? listeners = null, IReadOnlyList<string>? lordActions = null, int quorum = 0)
    {
        var binds = Enumerable.Range(0, count).Select(_ => FreePorts.Udp()).ToArray();
        var specs = new NodeSpec[count];
        for (int i = 0; i < count; i++)
        {
            var peers = binds.Where((_, j) => j != i).ToList();
            if (i == 0)
            {
                peers.AddRange(listeners ?? []);
            }
            specs[i] = new NodeSpec("bench", binds[i], (count - i) * 100, peers, frequency, tolerance, FreePorts.Tcp())
            {
                ExtraLordActions = i == 0 ? lordActions ?? [] : [],
                Quorum = quorum,
            };
        }
        var cluster = new LegionCluster(kind, specs);
        for (int i = 0; i < count; i++)
        {
            cluster.Restart(i);
        }
        return cluster;
    }

    /// <summary>Kills node <paramref name="index"/> if it runs and starts it again with the same settings (new uuid).</summary>
    public void Restart(int index)
    {
        _nodes[index]?.Dispose();
        _nodes[index] = BenchNode.Start(Kind, Specs[index]);
    }

    /// <summary>Waits until node <paramref name="index"/>'s process has exited, then releases it.</summary>
    public void Release(int index)
    {
        _nodes[index]?.WaitForExit(TimeSpan.FromSeconds(10));
        _nodes[index]?.Dispose();
        _nodes[index] = null;
    }

    /// <summary>
    /// Waits until every node's stats name node <paramref name="lord"/> as Lord, list all other nodes as members (so a
    /// departed identity has expired too), and only that node holds lordship (a uWSGI Lord outvoted by a returning
    /// node keeps <c>i_am_the_lord</c> until every member agrees, legion.c legions_check_nodes_step2).
    /// </summary>
    /// <exception cref="TimeoutException">Not stable within <paramref name="timeout"/>; the message holds the nodes' output.</exception>
    public async Task WaitStableAsync(int lord, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var views = await Task.WhenAll(_nodes.Select(n => n is null ? Task.FromResult<LegionView?>(null) : n.ReadLegionAsync(cancellation.Token)));
            if (views.All(v => v is not null) && views[lord] is { } lordView
                && views.Select((v, i) => v!.LordUuid == lordView.Uuid && v.Members == _nodes.Length - 1 && v.IAmTheLord == (i == lord)).All(ok => ok))
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Kind}: the legion did not settle on node {lord} within {timeout}:\n"
            + string.Join("\n", _nodes.Select((n, i) => $"--- node {i} ---\n{n?.Output}")));
    }

    /// <summary>Kills every node.</summary>
    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node?.Dispose();
        }
    }
}
