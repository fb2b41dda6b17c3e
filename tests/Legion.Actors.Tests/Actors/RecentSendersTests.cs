using System.Net;
using System.Net.Sockets;
using Legion.Actors.Actors;

namespace Legion.Actors.Tests.Actors;

public class RecentSendersTests
{
    private static SocketAddress AddressOf(string ip, int port) => new IPEndPoint(IPAddress.Parse(ip), port).Serialize();

    [Fact]
    public void A_peer_that_sends_again_gets_the_same_endpoint_instance()
    {
        var senders = new RecentSenders(new IPEndPoint(IPAddress.Any, 0));
        var received = AddressOf("127.0.0.1", 4242);

        var first = senders.EndPointOf(received);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 4242), first);
        Assert.Same(first, senders.EndPointOf(AddressOf("127.0.0.1", 4242)));
    }

    [Fact]
    public void Addresses_that_differ_only_in_the_port_or_one_octet_get_their_own_endpoint()
    {
        var senders = new RecentSenders(new IPEndPoint(IPAddress.Any, 0));
        string[] ips = ["127.0.0.1", "127.0.0.2", "127.0.0.1"];
        foreach (string ip in ips)
        {
            foreach (int port in new[] { 4242, 4243 })
            {
                Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), senders.EndPointOf(AddressOf(ip, port)));
            }
        }
    }

    [Fact]
    public void The_kept_address_is_a_copy_so_the_receive_buffer_can_be_reused()
    {
        var senders = new RecentSenders(new IPEndPoint(IPAddress.Any, 0));
        var buffer = AddressOf("10.0.0.1", 1000);
        var first = senders.EndPointOf(buffer);

        var other = AddressOf("10.0.0.9", 2000);
        other.Buffer.Span[..other.Size].CopyTo(buffer.Buffer.Span);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.9"), 2000), senders.EndPointOf(buffer));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000), first);
    }

    [Fact]
    public void Many_senders_never_grow_the_table()
    {
        var senders = new RecentSenders(new IPEndPoint(IPAddress.Any, 0));
        for (int i = 0; i < 10_000; i++)
        {
            Assert.Equal(new IPEndPoint(new IPAddress(i + 1), 9), senders.EndPointOf(new IPEndPoint(new IPAddress(i + 1), 9).Serialize()));
        }

        var slots = (Array)typeof(RecentSenders).GetField("_slots", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(senders)!;
        Assert.Equal(RecentSenders.Slots, slots.Length);
    }

    [Fact]
    public void Unix_socket_senders_map_to_their_path()
    {
        var senders = new RecentSenders(new UnixDomainSocketEndPoint("/"));
        var address = new UnixDomainSocketEndPoint("/tmp/legion-peer.sock").Serialize();

        Assert.Equal("/tmp/legion-peer.sock", senders.EndPointOf(address).ToString());
    }
}
