using Legion.Actors.Protocol;
using System.Net;
using System.Net.Sockets;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;

namespace Legion.Actors.Tests.Actors;

/// <summary>
/// The transports other than IPv4 unicast, between two of our nodes on loopback: Unix datagram sockets, IPv6 (an
/// extension uWSGI 2.0 cannot speak) and a local broadcast address; plus the socket options of a broadcast bind.
/// Multicast needs a network namespace and is tested by the reliability harness.
/// </summary>
[Trait("Category", "Process")]
public sealed class TransportTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly string _directory = Directory.CreateTempSubdirectory("legion-unix-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Task<LegionNode> Start(NodeAddress address, NodeAddress peer, ushort valor) =>
        LegionNode.StartAsync(new LegionOptions
        {
            Frequency = TimeSpan.FromMilliseconds(200),
            Tolerance = TimeSpan.FromSeconds(2),
            Legions =
            [
                new LegionDefinition
                {
                    Name = "web", Address = address, Valor = valor, Cipher = "aes-256-cbc", Secret = "s3cret", Nodes = [peer],
                },
            ],
        });

    private static async Task BothAgreeOnTheLord(LegionNode high, LegionNode low)
    {
        string lord = high.Identity("web").Uuid;
        await Eventually.Until("both nodes count two votes for the higher valor",
            async _ => (await high.GetStatusAsync("web"), await low.GetStatusAsync("web")),
            pair => pair.Item1.Election.IsLord && pair.Item2.Election.Votes == 2 && pair.Item2.Election.Candidate.Uuid == lord,
            Deadline, () => "");
    }

    [Fact]
    public async Task Two_nodes_over_unix_datagram_sockets_agree_on_the_Lord()
    {
        var a = NodeAddress.Unix(Path.Combine(_directory, "a.sock"));
        var b = NodeAddress.Unix(Path.Combine(_directory, "b.sock"));
        await using var high = await Start(a, b, 90);
        await using var low = await Start(b, a, 10);

        await BothAgreeOnTheLord(high, low);
        Assert.IsType<UnixDomainSocketEndPoint>(high.LocalEndPoints["web"]);
    }

    [Fact]
    public async Task A_node_that_hears_its_own_announces_counts_them_as_own_packet_drops()
    {
        // A node list that names the node itself (as one ini shared by every node does), or a multicast group with loop on.
        var self = NodeAddress.Unix(Path.Combine(_directory, "self.sock"));
        await using var node = await Start(self, self, 90);

        var status = await Eventually.Until("own announces are counted", _ => node.GetStatusAsync("web"),
            s => s.Transport?.Drops.GetValueOrDefault(DropReason.OwnPacket) >= 3, Deadline, () => "");
        Assert.Empty(status.Membership.Members);
        Assert.True(status.Election.IsLord);
    }

    [Fact]
    public async Task A_stale_unix_socket_file_from_an_earlier_run_does_not_stop_a_node_from_binding()
    {
        var path = Path.Combine(_directory, "stale.sock");
        using (var old = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified))
        {
            old.Bind(new UnixDomainSocketEndPoint(path));
        }

        await using var node = await Start(NodeAddress.Unix(path), NodeAddress.Unix(Path.Combine(_directory, "nobody.sock")), 90);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Two_nodes_over_IPv6_loopback_agree_on_the_Lord()
    {
        var a = NodeAddress.Udp("::1", FreeIPv6Port());
        var b = NodeAddress.Udp("::1", FreeIPv6Port());
        await using var high = await Start(a, b, 90);
        await using var low = await Start(b, a, 10);

        await BothAgreeOnTheLord(high, low);
        Assert.Equal(AddressFamily.InterNetworkV6, ((IPEndPoint)low.LocalEndPoints["web"]).AddressFamily);
        Assert.Equal($"[::1]:{a.Port}", (await high.GetStatusAsync("web")).Address.ToString());
    }

    [Fact]
    public async Task Two_nodes_sharing_the_loopback_broadcast_address_agree_on_the_Lord()
    {
        // Both bind 127.255.255.255:PORT and announce to it: every node hears every announce (its own is ignored).
        int port = LoopbackPorts.FreeUdp().Port;
        var broadcast = NodeAddress.Udp("127.255.255.255", port);
        await using var high = await Start(broadcast, broadcast, 90);
        await using var low = await Start(broadcast, broadcast, 10);

        await BothAgreeOnTheLord(high, low);
        Assert.Equal(0, (await low.GetStatusAsync("web")).Transport!.SendErrors);
    }

    [Fact]
    public void Binding_the_limited_broadcast_address_turns_on_SO_BROADCAST_and_SO_REUSEADDR_as_uwsgi()
    {
        int port = LoopbackPorts.FreeUdp().Port;
        using var first = LegionSocket.Bind(NodeAddress.Udp("255.255.255.255", port));
        using var second = LegionSocket.Bind(NodeAddress.Udp("255.255.255.255", port));

        Assert.True(first.EnableBroadcast);
        Assert.Equal(1, (int)first.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress)!);
        Assert.Equal(new IPEndPoint(IPAddress.Broadcast, port), second.LocalEndPoint);
    }

    [Theory]
    [InlineData("255.255.255.255", true)]
    [InlineData("127.255.255.255", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    public void A_broadcast_address_is_the_limited_one_or_a_local_networks(string address, bool broadcast)
    {
        Assert.Equal(broadcast, LegionSocket.IsBroadcast(IPAddress.Parse(address)));
    }

    private static int FreeIPv6Port()
    {
        using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
