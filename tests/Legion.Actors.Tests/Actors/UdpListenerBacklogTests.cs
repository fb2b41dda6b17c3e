using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Protocol;
using Legion.Actors.Tests.Support;

namespace Legion.Actors.Tests.Actors;

/// <summary>
/// The receive thread's backlog bound, with a real socket: while the node's actor thread is held, the thread keeps
/// reading, lets at most <see cref="LegionExtensionSettings.ReceiveBacklogBytes"/> (default 4 MiB) wait, and drops and counts the rest.
/// </summary>
[Trait("Category", "Process")]
public sealed class UdpListenerBacklogTests : LegionActorTestKit
{
    public UdpListenerBacklogTests()
        : base(virtualTime: false)
    {
    }

    [Fact]
    public async Task A_flood_while_the_actors_are_busy_waits_in_a_bounded_backlog_and_the_rest_is_counted_as_overloaded()
    {
        int port = LoopbackPorts.FreeUdp().Port;
        var settings = new LegionSettings
        {
            Definition = new LegionDefinition
            {
                Name = "web", Address = NodeAddress.Udp("127.0.0.1", port), Valor = 90, Cipher = "aes-128-cbc", Secret = "s3cret",
            },
            Self = new Legion.Actors.Model.NodeIdentity("host", 1, 90, Tests.Model.ModelFixtures.Uuid(1)),
            Cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null),
        };
        var listener = Sys.ActorOfStarted(UdpListener.Props(settings, TestActor), "transport");
        Assert.Equal(0, (await listener.Ask<TransportStats>(GetTransportStats.Instance, TimeSpan.FromSeconds(10))).Received);

        // Hold the only actor thread, as a node busy deciding would; send only once it is held.
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var busy = Sys.ActorOfStarted(LegionProps.Create(() => new Holder(holding, release)), "busy");
        busy.Tell("hold");
        Assert.True(holding.Wait(TimeSpan.FromSeconds(30)), "the actor thread was never held");

        const int size = 60_000, count = 200;
        int fit = LegionExtensionSettings.Default.ReceiveBacklogBytes / size;
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            var garbage = new byte[size];
            for (int i = 0; i < count; i++)
            {
                sender.SendTo(garbage, new IPEndPoint(IPAddress.Loopback, port));
                if (i % 8 == 7)
                {
                    Thread.Sleep(2); // keep within the socket buffer: the bound under test is the backlog's
                }
            }
        }
        Assert.True(KernelQueueDrains(port, TimeSpan.FromSeconds(10)), "the receive thread never emptied the socket's kernel queue");
        release.Set();

        var stats = await listener.Ask<TransportStats>(GetTransportStats.Instance, TimeSpan.FromSeconds(10));
        long overloaded = stats.Drops.GetValueOrDefault(DropReason.Overloaded);
        long decoded = stats.Received - overloaded;
        Assert.InRange(decoded, 1, fit);
        Assert.InRange(overloaded, 1, count - decoded); // some may be lost in the kernel's socket buffer all the same
        // Every datagram that waited was garbage: dropped as such, never passed on.
        Assert.Equal(decoded, stats.Drops.Where(d => d.Key != DropReason.Overloaded).Sum(d => d.Value));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    // Waits until the kernel holds no datagram for the socket on this port (rx_queue of /proc/net/udp): the receive
    // thread has read everything, into the backlog or onto the overloaded count.
    private static bool KernelQueueDrains(int port, TimeSpan within)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < within)
        {
            var fields = File.ReadLines("/proc/net/udp").Skip(1)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .FirstOrDefault(f => int.Parse(f[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port);
            if (fields is not null && long.Parse(fields[4].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == 0)
            {
                return true;
            }
            Thread.Sleep(10);
        }
        return false;
    }

    private sealed class Holder : ReceiveActor
    {
        public Holder(ManualResetEventSlim holding, ManualResetEventSlim release) => Receive<string>(_ =>
        {
            holding.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        });
    }
}
