using System.Net;
using System.Net.Sockets;
using Legion.Actors.Actors;
using Legion.Actors.Kernel;
using Legion.Actors.Protocol;

namespace Legion.Actors.Simulation;

/// <summary>
/// The transport child of a simulated node's <see cref="LegionSupervisor"/>, in place of <see cref="UdpListener"/>:
/// binds its port on the <see cref="SimulatedNetwork"/>, seals (or, in <see cref="SimulationTransport.Announces"/>
/// mode, wraps) each announce and hands it to the network, and opens what arrives, counting drops as the real
/// transport does.
/// </summary>
internal sealed class SimulatedTransport : ReceiveActor
{
    private readonly SimulatedNetwork _network;
    private readonly LegionSettings _settings;
    private readonly IActorRef _membership;
    private readonly string _key;
    private SimulatedPort _port = null!;

    public SimulatedTransport(SimulatedNetwork network, LegionSettings settings, IActorRef membership)
    {
        _network = network;
        _settings = settings;
        _membership = membership;
        _key = SimulatedNetwork.KeyOf(settings.Definition);
        Receive<SendAnnounce>(OnSend);
        Receive<AnnounceDatagram>(OnAnnounce);
        Receive<byte[]>(OnDatagram);
        Receive<CountDrop>(drop => _port.CountDrop(drop.Reason));
        Receive<GetTransportStats>(_ => Sender.Tell(_port.Stats()));
    }

    public static Props Props(SimulatedNetwork network, LegionSettings settings, IActorRef membership) =>
        Kernel.Props.Create(() => new SimulatedTransport(network, settings, membership));

    protected override void PreStart()
    {
        _port = _network.Bind(_settings, Self);
        Context.Parent.Tell(new TransportReady(EndPointOf(_settings.Definition.Address)));
    }

    private static EndPoint EndPointOf(Configuration.NodeAddress address) =>
        address.Path is { } path ? new UnixDomainSocketEndPoint(path)
        : IPAddress.TryParse(address.Host, out var ip) ? new IPEndPoint(ip, address.Port)
        : new DnsEndPoint(address.Host!, address.Port);

    private void OnSend(SendAnnounce send)
    {
        object payload = _network.Transport == SimulationTransport.Announces
            ? new AnnounceDatagram(new AnnounceReceived(send.Announce), _key)
            : LegionDatagram.Seal(send.Announce, _settings.Cipher);
        _network.Send(_port, payload);
        if (send.ReplyTo is { } replyTo)
        {
            replyTo.Tell(new AnnounceSent());
        }

        if (send.Announce.Dead)
        {
            _port.DeathAnnounced?.Invoke();
        }
    }

    private void OnAnnounce(AnnounceDatagram datagram)
    {
        _port.Received++;
        if (!string.Equals(datagram.Key, _key, StringComparison.Ordinal))
        {
            _port.CountDrop(DropReason.DecryptFailed);
        }
        else if (!string.Equals(datagram.Received.Announce.Legion, _settings.Name, StringComparison.Ordinal))
        {
            _port.CountDrop(DropReason.WrongLegion);
        }
        else
        {
            _membership.Tell(datagram.Received);
        }
    }

    private void OnDatagram(byte[] datagram)
    {
        _port.Received++;
        if (LegionDatagram.TryOpen(datagram, _settings.Cipher, _settings.Name, out var announce, out var reason))
        {
            _membership.Tell(new AnnounceReceived(announce));
        }
        else
        {
            _port.CountDrop(reason);
        }
    }
}
