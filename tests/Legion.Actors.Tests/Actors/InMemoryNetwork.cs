using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Actors;

/// <summary>
/// A test network actor: transports register their address; a sealed datagram sent to a list of
/// addresses reaches every registered transport among them, unless its sender or receiver is cut off.
/// </summary>
internal sealed class InMemoryNetwork : ReceiveActor
{
    private readonly Dictionary<NodeAddress, IActorRef> _transports = [];
    private readonly HashSet<NodeAddress> _cut = [];

    public InMemoryNetwork()
    {
        Receive<Register>(r => _transports[r.Address] = r.Transport);
        Receive<Cut>(c => _cut.Add(c.Address));
        Receive<Mend>(m => _cut.Remove(m.Address));
        Receive<Send>(send =>
        {
            if (_cut.Contains(send.From))
            {
                return;
            }
            foreach (var to in send.To)
            {
                if (!_cut.Contains(to) && _transports.TryGetValue(to, out var transport))
                {
                    transport.Tell(new Datagram(send.Bytes));
                }
            }
        });
    }

    public static Props Props() => LegionProps.Create(() => new InMemoryNetwork());

    public sealed record Register(NodeAddress Address, IActorRef Transport);

    public sealed record Cut(NodeAddress Address);

    public sealed record Mend(NodeAddress Address);

    public sealed record Send(NodeAddress From, IReadOnlyList<NodeAddress> To, byte[] Bytes);

    public sealed record Datagram(byte[] Bytes);
}

/// <summary>A transport on the <see cref="InMemoryNetwork"/>, sealing and opening datagrams with the real codec.</summary>
internal sealed class InMemoryTransport : ReceiveActor
{
    private readonly LegionSettings _settings;
    private readonly IActorRef _network;
    private readonly IActorRef _membership;
    private readonly Dictionary<DropReason, long> _drops = [];
    private long _sent;
    private long _received;

    public InMemoryTransport(LegionSettings settings, IActorRef network, IActorRef membership)
    {
        _settings = settings;
        _network = network;
        _membership = membership;
        Receive<SendAnnounce>(send =>
        {
            _network.Tell(new InMemoryNetwork.Send(_settings.Definition.Address, _settings.Definition.Nodes, LegionDatagram.Seal(send.Announce, _settings.Cipher)));
            _sent += _settings.Definition.Nodes.Count;
            Context.System.EventStream.Publish(new Sent(_settings.Self.Uuid, send.Announce));
            send.ReplyTo?.Tell(new AnnounceSent());
        });
        Receive<InMemoryNetwork.Datagram>(d =>
        {
            _received++;
            if (LegionDatagram.TryOpen(d.Bytes, _settings.Cipher, _settings.Name, out var announce, out var reason))
            {
                _membership.Tell(new AnnounceReceived(announce!));
            }
            else
            {
                _drops[reason] = _drops.GetValueOrDefault(reason) + 1;
            }
        });
        Receive<CountDrop>(d => _drops[d.Reason] = _drops.GetValueOrDefault(d.Reason) + 1);
        Receive<GetTransportStats>(_ => Sender.Tell(new TransportStats(_received, _sent, 0, new Dictionary<DropReason, long>(_drops))));
    }

    /// <summary>Published for every announce a node sends, so tests can count heartbeats.</summary>
    public sealed record Sent(string Uuid, Announce Announce);

    public static Func<LegionSettings, IActorRef, Props> On(IActorRef network) =>
        (settings, membership) => LegionProps.Create(() => new InMemoryTransport(settings, network, membership));

    protected override void PreStart()
    {
        _network.Tell(new InMemoryNetwork.Register(_settings.Definition.Address, Self));
        Context.Parent.Tell(new TransportReady(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, _settings.Definition.Address.Port)));
    }
}
