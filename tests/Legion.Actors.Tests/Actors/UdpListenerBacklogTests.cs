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

    [Fact]
    public async Task A_send_waits_behind_one_batch_of_received_datagrams_not_behind_the_whole_backlog()
    {
        var listener = await HeldListenerWithWaitingAnnounces(1_000, then: l => l.Tell(new SendAnnounce(
            new Announce { Legion = "web", Valor = 90, Unix = 1, Name = "host", Pid = 1, Uuid = Tests.Model.ModelFixtures.Uuid(1) }, TestActor)));

        int before = 0;
        object message;
        while ((message = Judge(ReceiveOne(TimeSpan.FromSeconds(10)))) is not AnnounceSent)
        {
            before += message is AnnounceReceived ? 1 : 0;
        }
        Assert.InRange(before, 0, 2 * UdpListener.DatagramsPerTurn);
        int after = 0;
        while (after < 1_000 - before)
        {
            after += Judge(ReceiveOne(TimeSpan.FromSeconds(10))) is AnnounceReceived ? 1 : 0;
        }
        var stats = await listener.Ask<TransportStats>(GetTransportStats.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(0, stats.Drops.GetValueOrDefault(DropReason.Overloaded));
        Assert.Equal(1_000, stats.Received);
    }

    [Fact]
    public async Task At_most_two_batches_wait_for_membership_and_each_judged_batch_lets_one_more_through()
    {
        var listener = await HeldListenerWithWaitingAnnounces(1_000, then: _ => { });

        // Membership (the test) judges nothing yet: two batches come, then nothing.
        var first = ReceiveWhile(TimeSpan.FromSeconds(1), m => m, 10_000);
        Assert.Equal(UdpListener.MaxBatchesAtMembership * UdpListener.DatagramsPerTurn, first.Count(m => m is AnnounceReceived));
        Assert.Equal(UdpListener.MaxBatchesAtMembership, first.Count(m => m is AnnounceBatchEnd));

        listener.Tell(AnnounceBatchJudged.Instance, TestActor);
        var next = ReceiveWhile(TimeSpan.FromSeconds(1), m => m, 10_000);
        Assert.Equal(UdpListener.DatagramsPerTurn, next.Count(m => m is AnnounceReceived));

        // The rest waited undecoded, counted as received only once judged.
        var stats = await listener.Ask<TransportStats>(GetTransportStats.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(3 * UdpListener.DatagramsPerTurn, stats.Received);
    }

    /// <summary>As membership: answers a batch's end, passes everything else through.</summary>
    private object Judge(object message)
    {
        if (message is AnnounceBatchEnd)
        {
            LastSender.Tell(AnnounceBatchJudged.Instance, TestActor);
        }
        return message;
    }

    /// <summary>A listener whose only actor thread is held while <paramref name="count"/> valid announces reach its backlog; <paramref name="then"/> runs before the thread is released.</summary>
    private async Task<IActorRef> HeldListenerWithWaitingAnnounces(int count, Action<IActorRef> then)
    {
        int port = LoopbackPorts.FreeUdp().Port;
        var settings = Settings(port);
        var listener = Sys.ActorOfStarted(UdpListener.Props(settings, TestActor), "transport");
        Assert.Equal(0, (await listener.Ask<TransportStats>(GetTransportStats.Instance, TimeSpan.FromSeconds(10))).Received);

        var holding = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var busy = Sys.ActorOfStarted(LegionProps.Create(() => new Holder(holding, release)), "busy");
        busy.Tell("hold");
        Assert.True(holding.Wait(TimeSpan.FromSeconds(30)), "the actor thread was never held");

        var peer = new Legion.Actors.Model.NodeIdentity("peer", 2, 10, Tests.Model.ModelFixtures.Uuid(2));
        var datagram = LegionDatagram.Seal(new Announce
        {
            Legion = "web", Valor = peer.Valor, Unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Name = peer.Name, Pid = peer.Pid, Uuid = peer.Uuid,
        }, settings.Cipher);
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            for (int i = 0; i < count; i++)
            {
                sender.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, port));
                if (i % 64 == 63)
                {
                    Thread.Sleep(2); // keep within the socket buffer
                }
            }
        }
        Assert.True(KernelQueueDrains(port, TimeSpan.FromSeconds(10)), "the receive thread never emptied the socket's kernel queue");
        then(listener);
        release.Set();
        return listener;
    }

    private static LegionSettings Settings(int port) => new()
    {
        Definition = new LegionDefinition
        {
            Name = "web", Address = NodeAddress.Udp("127.0.0.1", port), Valor = 90, Cipher = "aes-128-cbc", Secret = "s3cret",
        },
        Self = new Legion.Actors.Model.NodeIdentity("host", 1, 90, Tests.Model.ModelFixtures.Uuid(1)),
        Cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null),
    };

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
