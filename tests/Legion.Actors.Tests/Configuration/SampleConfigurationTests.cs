using Legion.Actors.Configuration;
using Legion.Actors.Model;

namespace Legion.Actors.Tests.Configuration;

/// <summary>
/// The sample configurations the project ships. Each text below was also fed to uWSGI 2.0.21 on this machine
/// (<c>uwsgi --ini FILE</c>; bf-cbc with OPENSSL_CONF enabling the legacy provider), which accepted it; the
/// single-node one ran and logged setup, join and lord.
/// </summary>
public class SampleConfigurationTests
{
    public const string SingleLoopbackNode = """
        ; A legion of one on loopback: the node becomes Lord by itself (quorum 0) and
        ; logs every event. Start it, watch the log, stop it with Ctrl-C.
        [uwsgi]
        legion = solo 127.0.0.1:4000 100 aes-128-cbc:change-me
        legion-freq = 1
        legion-tolerance = 3
        legion-setup = solo log:legion solo: setup
        legion-join = solo log:legion solo: joined (quorum reached)
        legion-lord = solo log:legion solo: I am the Lord
        legion-unlord = solo log:legion solo: no longer the Lord
        legion-death = solo log:legion solo: shutting down
        legion-node-joined = solo log:legion solo: a node joined
        legion-node-left = solo log:legion solo: a node left
        stats = 127.0.0.1:9191
        """;

    public const string UnicastClusterNode1 = """
        ; Node 1 of a three-node unicast legion on one host. Nodes 2 and 3 differ only
        ; in the legion address (127.0.0.1:4002 / :4003), their node list and valor.
        ; Two votes out of three are needed to elect a Lord.
        [uwsgi]
        master = true
        legion = cluster 127.0.0.1:4001 90 aes-256-cbc:change-me-32-bytes-of-randomness
        legion-node = cluster 127.0.0.1:4002
        legion-node = cluster 127.0.0.1:4003
        legion-quorum = cluster 2
        legion-freq = 1
        legion-tolerance = 3
        legion-scroll = cluster node1
        legion-lord = cluster cmd:touch /tmp/cluster-node1.lord
        legion-unlord = cluster cmd:rm -f /tmp/cluster-node1.lord
        legion-death = cluster cmd:rm -f /tmp/cluster-node1.lord
        """;

    public const string MulticastVirtualIp = """
        ; A virtual IP that follows the Lord, announced over multicast (uWSGI's classic
        ; IP-takeover recipe). Every node uses this file with its own valor.
        [uwsgi]
        legion-mcast = vip 225.1.1.1:4242 98 bf-cbc:change-me
        legion-quorum = vip 2
        legion-lord = vip cmd:ip addr add 192.168.173.250/24 dev eth0
        legion-lord = vip cmd:arping -c 3 -A -I eth0 192.168.173.250
        legion-unlord = vip cmd:ip addr del 192.168.173.250/24 dev eth0
        legion-death = vip cmd:ip addr del 192.168.173.250/24 dev eth0
        legion-death-on-lord-error = 30
        """;

    private static LegionConfigurationResult Build(string ini, string name)
    {
        var result = UwsgiOptions.Build(UwsgiIniFile.Parse(ini, name));
        result.Options.Validate();
        return result;
    }

    [Fact]
    public void The_single_loopback_node_logs_every_event_and_serves_stats()
    {
        var result = Build(SingleLoopbackNode, "solo.ini");
        Assert.Empty(result.Warnings);
        var options = result.Options;
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), "127.0.0.1:9191"), (options.Frequency, options.Tolerance, options.StatsAddress));
        var legion = Assert.Single(options.Legions);
        Assert.Equal(("solo", NodeAddress.Udp("127.0.0.1", 4000), (ushort)100, "aes-128-cbc", "change-me", (string?)null),
            (legion.Name, legion.Address, legion.Valor, legion.Cipher, legion.Secret, legion.Iv));
        Assert.Equal((0, false), (legion.Quorum, legion.Multicast));
        Assert.Empty(legion.Nodes);
        // Every event uWSGI has (the extension events Outdated and ForcedExit are not in the uWSGI sample).
        Assert.Equal(Enum.GetValues<LegionEvent>().Where(e => e is not (LegionEvent.Outdated or LegionEvent.ForcedExit)), legion.Actions.Select(a => a.Event));
        Assert.All(legion.Actions, a => Assert.Equal("log", a.Kind));
        Assert.Equal("legion solo: I am the Lord", legion.ActionsFor(LegionEvent.Lord).Single().Argument);
    }

    [Fact]
    public void The_unicast_cluster_node_announces_to_its_two_peers_and_needs_two_votes()
    {
        var result = Build(UnicastClusterNode1, "cluster-node1.ini");
        Assert.Equal(["ignoring non-legion uWSGI options: master"], result.Warnings);
        var legion = Assert.Single(result.Options.Legions);
        Assert.Equal(("cluster", NodeAddress.Udp("127.0.0.1", 4001), (ushort)90, "aes-256-cbc"), (legion.Name, legion.Address, legion.Valor, legion.Cipher));
        Assert.Equal([NodeAddress.Udp("127.0.0.1", 4002), NodeAddress.Udp("127.0.0.1", 4003)], legion.Nodes);
        Assert.Equal((2, "node1"), (legion.Quorum, legion.Scroll));
        Assert.Equal(
            [
                new LegionActionSpec(LegionEvent.Lord, "cmd", "touch /tmp/cluster-node1.lord", "cluster-node1.ini:13"),
                new LegionActionSpec(LegionEvent.Unlord, "cmd", "rm -f /tmp/cluster-node1.lord", "cluster-node1.ini:14"),
                new LegionActionSpec(LegionEvent.Death, "cmd", "rm -f /tmp/cluster-node1.lord", "cluster-node1.ini:15"),
            ],
            legion.Actions);
    }

    [Fact]
    public void The_multicast_virtual_ip_joins_its_group_and_takes_over_the_address_with_cmd_actions()
    {
        var result = Build(MulticastVirtualIp, "vip-mcast.ini");
        Assert.Empty(result.Warnings);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Options.DeathOnLordError);
        var legion = Assert.Single(result.Options.Legions);
        Assert.Equal(("vip", NodeAddress.Udp("225.1.1.1", 4242), (ushort)98, "bf-cbc", true, 2),
            (legion.Name, legion.Address, legion.Valor, legion.Cipher, legion.Multicast, legion.Quorum));
        Assert.Equal([NodeAddress.Udp("225.1.1.1", 4242)], legion.Nodes);
        Assert.Equal(
            ["ip addr add 192.168.173.250/24 dev eth0", "arping -c 3 -A -I eth0 192.168.173.250"],
            legion.ActionsFor(LegionEvent.Lord).Select(a => a.Argument));
        Assert.All(legion.Actions, a => Assert.Equal("cmd", a.Kind));
        Assert.Equal("ip addr del 192.168.173.250/24 dev eth0", legion.ActionsFor(LegionEvent.Unlord).Single().Argument);
        Assert.Equal("ip addr del 192.168.173.250/24 dev eth0", legion.ActionsFor(LegionEvent.Death).Single().Argument);
    }

    [Fact]
    public void The_same_sample_read_from_disk_by_the_command_line_gives_the_same_options()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("vip-mcast.ini", MulticastVirtualIp);
        var fromDisk = UwsgiOptions.FromCommandLine(["--ini", path]).Options;
        var fromText = UwsgiOptions.Build(UwsgiIniFile.Parse(MulticastVirtualIp, path)).Options;
        Assert.Equal(fromText.Legions[0] with { Nodes = [], Actions = [] }, fromDisk.Legions[0] with { Nodes = [], Actions = [] });
        Assert.Equal(fromText.Legions[0].Nodes, fromDisk.Legions[0].Nodes);
        Assert.Equal(fromText.Legions[0].Actions, fromDisk.Legions[0].Actions);
    }
}
