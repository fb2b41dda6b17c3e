using Xunit.Abstractions;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// <c>legion-mcast</c> for real: `legion` and uWSGI nodes meeting on a multicast group, across a bridge (each in
/// its own namespace) and inside one namespace over multicast loop on <c>lo</c>; and <c>multicast-loop 0</c>
/// keeping nodes of one host apart.
/// </summary>
[Collection(HarnessCollection.Name)]
[Trait("Category", "Harness")]
public sealed class MulticastTests(ITestOutputHelper output)
{
    private const string Group = "225.1.1.7:4242";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static IReadOnlyDictionary<string, string> LegacyOpenSsl(NetworkLab lab)
    {
        // bf-cbc lives in OpenSSL 3's legacy provider, which uWSGI never loads by itself.
        var path = Path.Combine(lab.Directory, "openssl.cnf");
        File.WriteAllText(path, "openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n[provider_sect]\ndefault = default_sect\n" +
            "legacy = legacy_sect\n[default_sect]\nactivate = 1\n[legacy_sect]\nactivate = 1\n");
        return new Dictionary<string, string> { ["OPENSSL_CONF"] = path };
    }

    [Fact]
    public void Legion_and_uWSGI_nodes_in_three_namespaces_elect_one_Lord_over_a_bf_cbc_multicast_group()
    {
        using var lab = NetworkLab.Create(output, "a", "u", "c");
        var a = LabNode.Ours(lab, lab["a"], LabArguments.Multicast("mc", Group, 30, "bf-cbc"));
        var u = LabNode.Uwsgi(lab, lab["u"], LabArguments.Multicast("mc", Group, 25, "bf-cbc"), LegacyOpenSsl(lab));
        var c = LabNode.Ours(lab, lab["c"], LabArguments.Multicast("mc", Group, 10, "bf-cbc"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Same(a, LabLegion.WaitForSettledLord(lab, [a, u, c], Deadline, "Lord over multicast across the bridge"));
        ReliabilityResults.Record("Multicast (legion-mcast)", "two legion nodes and uWSGI in three namespaces, bf-cbc: start to a settled Lord", clock.Elapsed);
    }

    [Fact]
    public void Legion_and_uWSGI_nodes_sharing_one_namespace_meet_over_multicast_loop_on_lo()
    {
        using var lab = NetworkLab.Create(output, "h");
        var host = lab["h"];
        lab.RouteMulticastOverLoopback(host);
        var a = LabNode.Ours(lab, host, LabArguments.Multicast("mc", Group, 10, statsPort: 9191), name: "a", statsPort: 9191);
        var b = LabNode.Ours(lab, host, LabArguments.Multicast("mc", Group, 20, statsPort: 9192), name: "b", statsPort: 9192);
        var u = LabNode.Uwsgi(lab, host, LabArguments.Multicast("mc", Group, 30, statsPort: 9193), name: "u", statsPort: 9193);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Same(u, LabLegion.WaitForSettledLord(lab, [a, b, u], Deadline, "Lord over multicast loop"));
        ReliabilityResults.Record("Multicast (legion-mcast)", "two legion nodes and uWSGI in one namespace over lo: start to a settled Lord", clock.Elapsed);
    }

    [Fact]
    public void With_multicast_loop_off_two_nodes_of_one_namespace_hear_a_third_host_but_never_each_other()
    {
        using var lab = NetworkLab.Create(output, "h", "x");
        string[] NoLoop(int valor, int stats) => [.. LabArguments.Multicast("mc", Group, valor, statsPort: stats), "--multicast-loop", "0"];
        var a = LabNode.Ours(lab, lab["h"], NoLoop(10, 9191), name: "a", statsPort: 9191);
        var b = LabNode.Ours(lab, lab["h"], NoLoop(20, 9192), name: "b", statsPort: 9192);
        var c = LabNode.Ours(lab, lab["x"], LabArguments.Multicast("mc", Group, 30), name: "c");
        LabNode[] all = [a, b, c];

        // c, on another host, hears both (so both do send); a and b hear c but not each other: their group
        // datagrams leave by eth0 and, with the loop off, no copy comes back to the host they left.
        var cUuid = Poll.Until("c hears a and b", c.TryView, v => v?.Members.Count == 2, Deadline, () => LabLegion.Describe(all))!.Uuid;
        Thread.Sleep(TimeSpan.FromSeconds(2));
        Assert.All(new[] { a, b }, n => Assert.Equal([cUuid], n.TryView()!.Members));
        ReliabilityResults.Record("Multicast (legion-mcast)", "multicast-loop 0: nodes of one namespace hear each other", "no (each lists only the node on the other host)");
    }
}
