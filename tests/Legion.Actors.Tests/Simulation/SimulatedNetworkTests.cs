using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Legion.Actors.Simulation;

namespace Legion.Actors.Tests.Simulation;

/// <summary>The simulated datagram network on its own, with probe actors standing in for membership.</summary>
public sealed class SimulatedNetworkTests : IDisposable
{
    private static readonly NodeAddress Group = NodeAddress.Udp("239.1.1.1", 4242);
    private readonly VirtualTimeProvider _clock = new();
    private readonly DeterministicDispatcher _dispatcher = new(seed: 5);
    private readonly ActorSystem _system;

    public SimulatedNetworkTests() =>
        _system = LegionActorSystem.Create("net", new LegionRuntimeSetup { Runner = _dispatcher.CreateRunner(), Clock = _clock }, DeterministicDispatcher.Config);

    [Theory]
    [InlineData(SimulationTransport.SealedDatagrams)]
    [InlineData(SimulationTransport.Announces)]
    public void An_announce_to_the_legion_group_reaches_every_other_node_and_not_its_sender(SimulationTransport transport)
    {
        var network = new SimulatedNetwork(_clock, seed: 1, transport);
        var (a, aInbox) = Bind(network, 1);
        var (_, bInbox) = Bind(network, 2);
        var (_, cInbox) = Bind(network, 3);

        a.Tell(new SendAnnounce(Announce("a")));
        _dispatcher.RunUntilIdle();

        Assert.Empty(aInbox);
        Assert.Equal("a", Assert.Single(bInbox).Name);
        Assert.Equal("a", Assert.Single(cInbox).Name);
        Assert.Equal((2, 2), (network.DatagramsSent, network.DatagramsDelivered));
        Assert.Equal(1, network.StatsOf(Address(2)).Received);
    }

    [Fact]
    public void A_one_way_cut_silences_one_direction_only_and_heal_restores_it()
    {
        var network = new SimulatedNetwork(_clock);
        var (a, aInbox) = Bind(network, 1);
        var (b, bInbox) = Bind(network, 2);

        network.Cut(Address(1), Address(2));
        a.Tell(new SendAnnounce(Announce("a")));
        b.Tell(new SendAnnounce(Announce("b")));
        _dispatcher.RunUntilIdle();
        Assert.Empty(bInbox);
        Assert.Single(aInbox);
        Assert.False(network.CanReach(Address(1), Address(2)));

        network.Heal();
        a.Tell(new SendAnnounce(Announce("a")));
        _dispatcher.RunUntilIdle();
        Assert.Single(bInbox);
        Assert.Equal(1, network.DatagramsBlocked);
    }

    [Fact]
    public void Latency_delays_delivery_and_a_cut_made_meanwhile_loses_the_datagram_in_flight()
    {
        var network = new SimulatedNetwork(_clock);
        var (a, _) = Bind(network, 1);
        var (_, bInbox) = Bind(network, 2);
        network.SetLatency(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300));

        a.Tell(new SendAnnounce(Announce("first")));
        _dispatcher.AdvanceAndRun(_clock, TimeSpan.FromMilliseconds(299));
        Assert.Empty(bInbox);
        Assert.Equal(1, network.DatagramsInFlight);
        _dispatcher.AdvanceAndRun(_clock, TimeSpan.FromMilliseconds(1));
        Assert.Single(bInbox);

        a.Tell(new SendAnnounce(Announce("second")));
        _dispatcher.RunUntilIdle();
        network.Cut(Address(1), Address(2));
        _dispatcher.AdvanceAndRun(_clock, TimeSpan.FromSeconds(1));
        Assert.Single(bInbox);
        Assert.Equal(1, network.DatagramsBlocked);
    }

    [Fact]
    public void Loss_and_duplication_happen_at_about_their_rates_and_replay_with_the_seed()
    {
        (long Lost, long Duplicated, int Received) Run(int seed)
        {
            var network = new SimulatedNetwork(_clock, seed, SimulationTransport.Announces);
            var (a, _) = Bind(network, 10 + seed);
            var (_, inbox) = Bind(network, 20 + seed);
            network.SetLoss(0.3);
            network.SetDuplication(0.1);
            for (var i = 0; i < 2000; i++)
            {
                a.Tell(new SendAnnounce(Announce("a")));
            }

            _dispatcher.RunUntilIdle();
            return (network.DatagramsLost, network.DatagramsDuplicated, inbox.Count);
        }

        var first = Run(7);
        var again = Run(7);

        Assert.InRange(first.Lost, 500, 700);
        Assert.InRange(first.Duplicated, 100, 180);
        Assert.Equal(2000 - first.Lost + first.Duplicated, first.Received);
        Assert.Equal(first, again);
    }

    [Fact]
    public void A_receiver_with_another_secret_drops_what_it_cannot_decrypt_in_both_transports()
    {
        foreach (var transport in new[] { SimulationTransport.SealedDatagrams, SimulationTransport.Announces })
        {
            var network = new SimulatedNetwork(_clock, 0, transport);
            var (a, _) = Bind(network, 1);
            var (_, inbox) = Bind(network, 2, secret: "other");

            a.Tell(new SendAnnounce(Announce("a")));
            _dispatcher.RunUntilIdle();

            Assert.Empty(inbox);
            Assert.Equal(1, network.StatsOf(Address(2)).Drops[DropReason.Undecodable]); // aes-128-cbc: no padding oracle
        }
    }

    [Fact]
    public void Probabilities_outside_zero_to_one_are_refused()
    {
        var network = new SimulatedNetwork(_clock);

        Assert.Throws<ArgumentOutOfRangeException>(() => network.SetLoss(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.SetDuplication(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.SetLatency(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.SetReordering(0.5, TimeSpan.Zero));
    }

    public void Dispose() => _dispatcher.Terminate(_system, TimeSpan.FromSeconds(10));

    private static NodeAddress Address(int n) => NodeAddress.Udp($"10.0.0.{n}", 4242);

    private static Announce Announce(string name) => new()
    {
        Legion = "web",
        Valor = 10,
        Unix = 946684800,
        Name = name,
        Pid = 1,
        Uuid = "00000000-0000-4000-8000-000000000001",
    };

    /// <summary>Binds a transport for node <paramref name="n"/> whose announces reach a list instead of membership.</summary>
    private (IActorRef Transport, List<Announce> Inbox) Bind(SimulatedNetwork network, int n, string secret = "s3cret")
    {
        var inbox = new List<Announce>();
        var membership = _system.ActorOfStarted(LegionProps.Create(() => new Inbox(inbox)));
        var settings = new LegionSettings
        {
            Definition = new LegionDefinition
            {
                Name = "web",
                Address = Address(n),
                Valor = 10,
                Cipher = "aes-128-cbc",
                Secret = secret,
                Nodes = [Group],
            },
            Self = new NodeIdentity($"n{n}", n, 10, $"00000000-0000-4000-8000-{n:D12}"),
            Cipher = LegionCipher.Create("aes-128-cbc", secret, null),
        };
        var transport = _system.ActorOfStarted(network.TransportProps(settings, membership));
        _dispatcher.RunUntilIdle();
        return (transport, inbox);
    }

    private sealed class Inbox : ReceiveActor
    {
        public Inbox(List<Announce> inbox)
        {
            Receive<AnnounceReceived>(r => inbox.Add(r.Announce));
            ReceiveAny(_ => { });
        }
    }
}
