using System.Diagnostics;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// The flagship example for real (examples/ip-takeover/node.ini, unchanged): three nodes in their own network
/// namespaces hold a virtual IP on the Lord's interface; a client in a fourth namespace keeps connecting to it.
/// The Lord is killed with SIGKILL (no death action runs), the IP moves to the next Lord and the client is
/// answered again; the killed node restarts, its <c>legion-setup</c> drops the IP it still held, and as the
/// highest valor it takes the IP back. Outages are measured as the client sees them.
/// </summary>
[Collection(HarnessCollection.Name)]
[Trait("Category", "Harness")]
public sealed class IpTakeoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_virtual_IP_follows_the_Lord_of_three_legion_nodes_through_a_SIGKILL_and_a_restart() =>
        Run("IP takeover: three legion nodes", uwsgiLord: false);

    [Fact]
    public void The_virtual_IP_moves_from_a_killed_uWSGI_Lord_to_a_legion_node_and_back_when_uWSGI_returns() =>
        Run("IP takeover: a uWSGI Lord and two legion nodes", uwsgiLord: true);

    private void Run(string scenario, bool uwsgiLord)
    {
        using var lab = NetworkLab.Create(output, "a", "b", "c", "client");
        var vip = NetworkLab.Vip;
        string ini = Repository.File("examples/ip-takeover/node.ini");
        LabNode Start(string host, int valor, bool uwsgi)
        {
            var environment = new Dictionary<string, string>
            {
                ["LEGION_VALOR"] = valor.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["LEGION_SECRET"] = "harness-s3cret",
                ["VIP"] = vip.ToString(),
                ["IFACE"] = LabHost.Interface,
            };
            return uwsgi
                ? LabNode.Uwsgi(lab, lab[host], ["--ini", ini], environment)
                : LabNode.Ours(lab, lab[host], ["--ini", ini], environment);
        }

        var clock = Stopwatch.StartNew();
        var a = Start("a", 30, uwsgiLord);
        var b = Start("b", 20, uwsgi: false);
        var c = Start("c", 10, uwsgi: false);
        LabNode[] nodes = [a, b, c];
        string Diagnostics() => LabLegion.Describe(nodes) + "\nVIP holders: " + string.Join(", ", lab.Holders(vip));

        // Exactly one node, the Lord, holds the VIP, and the client reaches it.
        Assert.Same(a, LabLegion.WaitForSettledLord(lab, nodes, Deadline, "first Lord"));
        Poll.Until("the VIP on the Lord's interface only", () => lab.Holders(vip), h => h.Count == 1 && h[0] == a.Host, Deadline, Diagnostics);
        ReliabilityResults.Record(scenario, "start to a settled Lord holding the VIP", clock.Elapsed);
        using var probe = new ClientProbe(lab["client"], vip);
        Poll.Until("the client is answered by the Lord", () => probe.LastAnswer, pid => pid == a.Pid, Deadline, Diagnostics);
        lab.Log($"client reaches {vip} at {a.Name} ({lab.Mac(a.Host)})");

        // SIGKILL the Lord: no unlord or death action runs.
        var killedAt = probe.Now;
        clock.Restart();
        a.Signal(Signals.SIGKILL);
        var newLord = LabLegion.WaitForSettledLord(lab, [b, c], Deadline, "Lord after the SIGKILL");
        var failover = clock.Elapsed;
        Assert.Same(b, newLord);
        Poll.Until("the VIP on the new Lord", () => lab.Holds(b.Host, vip), held => held, Deadline, Diagnostics);
        var vipMoved = clock.Elapsed;
        Poll.Until("the client is answered by the new Lord", () => probe.LastAnswer, pid => pid == b.Pid, Deadline, Diagnostics);
        var answered = clock.Elapsed;
        var outage = probe.LongestOutageSince(killedAt);
        bool staleOnKilledHost = lab.Holds(a.Host, vip);
        lab.Log($"after the SIGKILL: {probe.Summary(killedAt)}; client-seen outage {outage.TotalSeconds:0.00} s; killed host still holds the VIP: {staleOnKilledHost}");
        ReliabilityResults.Record(scenario, $"SIGKILL of the Lord ({(uwsgiLord ? "uWSGI" : "legion")}) to a settled new Lord", failover);
        ReliabilityResults.Record(scenario, "SIGKILL to the VIP on the new Lord", vipMoved);
        ReliabilityResults.Record(scenario, "SIGKILL to the client answered by the new Lord", answered);
        ReliabilityResults.Record(scenario, "client-seen outage after the SIGKILL (probe every 50 ms)", outage);
        ReliabilityResults.Record(scenario, "killed host still holds the VIP until its node restarts", staleOnKilledHost ? "yes (SIGKILL runs no action)" : "no");

        // The killed node comes back: legion-setup drops its stale VIP; as the highest valor it rules again.
        var restartedAt = probe.Now;
        clock.Restart();
        var a2 = Start("a", 30, uwsgiLord);
        nodes = [a2, b, c];
        Assert.Same(a2, LabLegion.WaitForSettledLord(lab, nodes, Deadline, "Lord after the restart"));
        var handover = clock.Elapsed;
        Poll.Until("the VIP on the restarted Lord only", () => lab.Holders(vip), h => h.Count == 1 && h[0] == a2.Host, Deadline, Diagnostics);
        Poll.Until("the client is answered by the restarted Lord", () => probe.LastAnswer, pid => pid == a2.Pid, Deadline, Diagnostics);
        var handoverOutage = probe.LongestOutageSince(restartedAt);
        lab.Log($"after the restart: {probe.Summary(restartedAt)}; client-seen outage {handoverOutage.TotalSeconds:0.00} s");
        ReliabilityResults.Record(scenario, "restart of the killed node to it ruling again (higher valor)", handover);
        ReliabilityResults.Record(scenario, "client-seen outage during that handover", handoverOutage);

        Assert.Equal([a2.Host], lab.Holders(vip));
        Assert.False(a2.Process.HasExited, a2.Describe());
        Assert.False(b.Process.HasExited, b.Describe());
    }
}
