using System.Net;
using System.Net.Sockets;
using Legion.Actors.Actors;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Simulation;

/// <summary>
/// The transport child of a simulated node's <see cref="LegionSupervisor"/>, in place of <see cref="UdpListener"/>:
/// binds its port on the <see cref="SimulatedNetwork"/>, seals (or, in <see cref="SimulationTransport.Announces"/>
/// mode, wraps) each announce and hands it to the network, and opens what arrives with the same checks, in the
/// same order, as <see cref="UdpListener"/> (next secret, then the authenticated mode's future-date and replay
/// checks), counting drops as it does.
/// </summary>
internal sealed class SimulatedTransport : ReceiveActor
{
    private readonly SimulatedNetwork _network;
    private readonly LegionSettings _settings;
    private readonly IActorRef _membership;
    private readonly string _key;
    private readonly string? _nextKey;
    private SimulatedPort _port = null!;
    private readonly AnnounceAdmission _admission;

    public SimulatedTransport(SimulatedNetwork network, LegionSettings settings, IActorRef membership)
    {
        _network = network;
        _settings = settings;
        _admission = new AnnounceAdmission(settings);
        _membership = membership;
        _key = SimulatedNetwork.KeyOf(settings, settings.Definition.Secret);
        _nextKey = settings.Definition.NextSecret is { } next ? SimulatedNetwork.KeyOf(settings, next) : null;
        Receive<SendAnnounce>(OnSend);
        Receive<AnnounceDatagram>(OnAnnounce);
        Receive<byte[]>(OnDatagram);
        Receive<CountDrop>(drop => _port.CountDrop(drop.Reason));
        Receive<GetTransportStats>(_ => Sender.Tell(_port.Stats()));
    }

    public static Props Props(SimulatedNetwork network, LegionSettings settings, IActorRef membership) =>
        LegionProps.Create(() => new SimulatedTransport(network, settings, membership));

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
        object payload;
        if (_network.Transport == SimulationTransport.Announces)
        {
            var announce = send.Announce;
            if (_settings.Cipher is IAuthenticatedLegionCipher authenticated)
            {
                // What LegionDatagram.Seal adds on the wire: the sender's sequence number.
                announce = announce with
                {
                    Extensions = new Dictionary<string, string>(announce.Extensions)
                    {
                        [LegionDatagram.SequenceKey] = authenticated.NextSequence().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    },
                };
            }

            payload = new AnnounceDatagram(new AnnounceReceived(announce), _key);
        }
        else
        {
            payload = LegionDatagram.Seal(send.Announce, _settings.Cipher);
        }

        _network.Send(_port, payload);
        if (send.ReplyTo is { } replyTo)
        {
            replyTo.Tell(new AnnounceSent());
        }

        if (send.Announce.Dead)
        {
            _port.DeathAnnounced?.Invoke(send.Announce.Valor);
        }
    }

    private void OnAnnounce(AnnounceDatagram datagram)
    {
        _port.Received++;
        if (!string.Equals(datagram.Key, _key, StringComparison.Ordinal) && !string.Equals(datagram.Key, _nextKey, StringComparison.Ordinal))
        {
            _port.CountDrop(_settings.Authenticated ? DropReason.DecryptFailed : DropReason.Undecodable);
        }
        else if (!string.Equals(datagram.Received.Announce.Legion, _settings.Name, StringComparison.Ordinal))
        {
            _port.CountDrop(_settings.Authenticated ? DropReason.WrongLegion : DropReason.Undecodable);
        }
        else
        {
            Accept(datagram.Received.Announce, datagram.Received);
        }
    }

    private void OnDatagram(byte[] datagram)
    {
        _port.Received++;
        if (!_admission.TryOpen(datagram, out var announce, out var reason))
        {
            _port.CountDrop(reason);
            return;
        }

        Accept(announce, null);
    }

    private void Accept(Announce announce, AnnounceReceived? received)
    {
        var reason = _admission.Admit(announce, LegionInstant.From(Context.TimeProvider));
        if (reason != DropReason.None)
        {
            _port.CountDrop(reason);
            return;
        }

        _membership.Tell(received ?? new AnnounceReceived(announce));
    }
}
