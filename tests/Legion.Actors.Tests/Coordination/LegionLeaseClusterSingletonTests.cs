using System.Diagnostics;
using System.Net;
using Akka.Cluster;
using Legion.Actors.Tests.Hosting;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Coordination;

/// <summary>
/// A real Akka.Cluster of three members on 127.0.0.1 whose Cluster Singleton needs the legion lease
/// (<c>use-lease = "legion.lease"</c>) and whose split brain resolver is <c>lease-majority</c> on it. Valors follow join
/// order (30, 20, 10, and 5 for a replacement), so the oldest member, where Cluster Singleton runs, is the Lord, and the
/// lowest address, which decides for SBR, is the Lord too (ports ascend in join order). The singleton counts itself in
/// and out (<see cref="SingletonLog"/>): never two at once. Figures go to the output as <c>LEASE-MOVE</c> lines.
/// </summary>
[Trait("Category", "Interop")]
public sealed class LegionLeaseClusterSingletonTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static double MsSince(long start, long end) => (end - start) * 1000.0 / Stopwatch.Frequency;

    [Fact]
    public async Task The_singleton_follows_the_Lord_after_a_crash_and_after_a_graceful_leave_and_never_runs_twice()
    {
        var log = new SingletonLog();
        var akkaPorts = AscendingTcpPorts(4);
        var legionPorts = LoopbackLegion.Ports(4);
        ushort[] valors = [30, 20, 10, 5];
        var nodes = new List<ClusterLegionNode>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                nodes.Add(await StartMemberAsync(i, akkaPorts, legionPorts, valors, nodes, log, LoopbackLegion.Freq, LoopbackLegion.Tolerance));
            }
            var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
            await UntilSingletonRunsOn(a, log);

            // Crash the Lord (and oldest member): no cluster leave, no death announce.
            long crashed = Stopwatch.GetTimestamp();
            await a.CrashAsync();
            await UntilSingletonRunsOn(b, log);
            long moved = Stopwatch.GetTimestamp();
            Assert.True((await b.LegionNode.GetStatusAsync(ClusterLegionNode.Legion)).LordWork);
            // The surviving side's SBR decider (b: lowest address) downed a only once it held the legion lease.
            Assert.NotNull(b.Logged("SBR acquired lease for decision"));
            Assert.True(b.Logged("SBR acquired lease for decision") <= b.Saw<ClusterEvent.MemberDowned>(a.Address));
            output.WriteLine($"LEASE-MOVE crash={MsSince(crashed, moved):0}ms (unreachable at {Ms(crashed, b.Saw<ClusterEvent.UnreachableMember>(a.Address))}, " +
                $"downed at {Ms(crashed, b.Saw<ClusterEvent.MemberDowned>(a.Address))}, removed at {Ms(crashed, b.Saw<ClusterEvent.MemberRemoved>(a.Address))}, " +
                $"legion Lord at {Ms(crashed, b.BecameLord(crashed))}; stable-after {ClusterLegionNode.StableAfter.TotalSeconds:0} s, legion freq {LoopbackLegion.Freq.TotalMilliseconds:0} ms, tolerance {LoopbackLegion.Tolerance.TotalSeconds:0} s)");

            // A replacement joins (youngest, lowest valor); then the Lord leaves gracefully.
            nodes.Add(await StartMemberAsync(3, akkaPorts, legionPorts, valors, nodes.Skip(1).ToList(), log, LoopbackLegion.Freq, LoopbackLegion.Tolerance));
            await Eventually.Until("three members up, the replacement in the legion", async _ => (Cluster.Get(c.System).State.Members.Count(m => m.Status == MemberStatus.Up),
                    (await b.LegionNode.GetStatusAsync(ClusterLegionNode.Legion)).Membership.Count),
                s => s.Item1 == 3 && s.Item2 == 2, Patience, log.Describe);
            long leaving = Stopwatch.GetTimestamp();
            await b.LeaveAsync();
            await UntilSingletonRunsOn(c, log);
            long movedGracefully = Stopwatch.GetTimestamp();
            output.WriteLine($"LEASE-MOVE graceful={MsSince(leaving, movedGracefully):0}ms (coordinated shutdown of the Lord: singleton on b stopped at " +
                $"{Ms(leaving, log.StoppedAt("b", leaving))} by the cluster leave and hand-over, legion Lord c at {Ms(leaving, c.BecameLord(leaving))} after b's death announce; " +
                $"lease-retry-interval {ClusterLegionNode.LeaseRetryInterval.TotalMilliseconds:0} ms)");
            Assert.True((await c.LegionNode.GetStatusAsync(ClusterLegionNode.Legion)).LordWork);

            Assert.Equal(1, log.MaxRunning);
            Assert.Equal(["a", "b", "c"], log.Events.Where(e => e.Started).Select(e => e.Node));
        }
        finally
        {
            await DisposeYoungestFirstAsync(nodes);
            output.WriteLine("singleton:\n" + log.Describe());
        }
    }

    [Fact]
    public async Task The_singleton_runs_nowhere_while_a_uwsgi_node_holds_the_lordship_and_again_on_the_dotnet_Lord_once_it_leaves()
    {
        var log = new SingletonLog();
        var akkaPorts = AscendingTcpPorts(3);
        var legionPorts = LoopbackLegion.Ports(4);
        var uwsgiPort = legionPorts[3];
        ushort[] valors = [30, 20, 10];
        // uWSGI counts time in whole seconds: announces every 1 s, a member is gone after 3 s silent.
        var (frequency, tolerance) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        var nodes = new List<ClusterLegionNode>();
        UwsgiLegionNode? uwsgi = null;
        try
        {
            for (int i = 0; i < 3; i++)
            {
                nodes.Add(await StartMemberAsync(i, akkaPorts, legionPorts[..3], valors, nodes, log, frequency, tolerance, extraLegionNodes: [uwsgiPort]));
            }
            var a = nodes[0];
            await UntilSingletonRunsOn(a, log);

            uwsgi = await UwsgiLegionNode.StartAsync(new UwsgiLegionConfig
            {
                Legion = ClusterLegionNode.Legion,
                Valor = 100,
                Secret = "s3cret",
                Nodes = legionPorts[..3],
                FrequencySeconds = 1,
                ToleranceSeconds = 3,
            }, legionEndPoint: uwsgiPort);
            var lordless = await Eventually.Until("uWSGI is Lord, and a has stopped the singleton",
                async ct => (await uwsgi.ReadLegionAsync(ct), log.Running),
                s => s.Item1.IAmTheLord != 0 && s.Item1.Members.Count == 3 && s.Item2 == 0, Patience, () => uwsgi.Describe() + "\n" + log.Describe());
            long uwsgiRules = Stopwatch.GetTimestamp();
            Assert.All(await Task.WhenAll(nodes.Select(n => n.LegionNode.GetStatusAsync(ClusterLegionNode.Legion))), s =>
            {
                Assert.False(s.LordWork);
                Assert.Equal(lordless.Item1.Uuid, s.Election.Candidate.Uuid);
            });

            // Several of the singleton manager's lease retries (every 200 ms) and uWSGI heartbeats: it runs nowhere.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Equal(0, log.Running);
            Assert.Empty(log.StartsSince(uwsgiRules));
            Assert.NotEqual(0, (await uwsgi.ReadLegionAsync()).IAmTheLord);

            long leaving = Stopwatch.GetTimestamp();
            uwsgi.Process.Terminate(); // --die-on-term: uWSGI sends its death announce
            await UntilSingletonRunsOn(a, log);
            output.WriteLine($"LEASE-MOVE uwsgi-left={MsSince(leaving, Stopwatch.GetTimestamp()):0}ms (SIGTERM to the uWSGI Lord until the singleton runs on the .NET Lord)");
            Assert.True((await a.LegionNode.GetStatusAsync(ClusterLegionNode.Legion)).LordWork);
            Assert.Equal(1, log.MaxRunning);
            Assert.Equal(["a", "a"], log.Events.Where(e => e.Started).Select(e => e.Node));
        }
        finally
        {
            if (uwsgi is not null)
            {
                await uwsgi.DisposeAsync();
            }
            await DisposeYoungestFirstAsync(nodes);
            output.WriteLine("singleton:\n" + log.Describe());
        }
    }

    /// <summary>Youngest first, so that no member hands the singleton over to one that is leaving too.</summary>
    private static async Task DisposeYoungestFirstAsync(List<ClusterLegionNode> nodes)
    {
        foreach (var node in Enumerable.Reverse(nodes))
        {
            await node.DisposeAsync();
        }
    }

    private static string Ms(long start, long? at) => at is { } t ? $"{MsSince(start, t):0}ms" : "never";

    private async Task<ClusterLegionNode> StartMemberAsync(int i, IPEndPoint[] akkaPorts, IPEndPoint[] legionPorts, ushort[] valors,
        IReadOnlyList<ClusterLegionNode> running, SingletonLog log, TimeSpan frequency, TimeSpan tolerance, IEnumerable<IPEndPoint>? extraLegionNodes = null)
    {
        string name = ((char)('a' + i)).ToString();
        var options = ClusterLegionNode.LegionOptions(legionPorts[i], legionPorts.Concat(extraLegionNodes ?? []), valors[i], frequency, tolerance);
        var seed = running.Count == 0 ? null : running[0].Address;
        var node = await ClusterLegionNode.StartAsync(name, akkaPorts[i].Port, seed, options, log, output);
        await Eventually.Until($"{name} is Up", _ => Task.FromResult(Cluster.Get(node.System).SelfMember.Status), s => s == MemberStatus.Up, Patience, log.Describe);
        return node;
    }

    private static Task UntilSingletonRunsOn(ClusterLegionNode node, SingletonLog log) =>
        Eventually.Until($"the singleton runs on {node.Name}", _ => Task.FromResult(log.Where), w => w == node.Name, Patience, log.Describe);

    /// <summary>Free TCP ports on 127.0.0.1 in ascending order: a member that joins later has a higher address.</summary>
    private static IPEndPoint[] AscendingTcpPorts(int count)
    {
        var ports = new SortedSet<int>();
        while (ports.Count < count)
        {
            ports.Add(LoopbackPorts.FreeTcp().Port);
        }
        return [.. ports.Select(p => new IPEndPoint(IPAddress.Loopback, p))];
    }
}
