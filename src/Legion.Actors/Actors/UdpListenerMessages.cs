using Akka.Actor;
using System.Net;
using Legion.Actors.Protocol;

namespace Legion.Actors.Actors;

/// <summary>To the transport: seal and send this announce to every node of the legion.</summary>
/// <param name="Announce">The announce to send.</param>
/// <param name="ReplyTo">If set, receives <see cref="AnnounceSent"/> once the datagrams are handed to the socket.</param>
internal sealed record SendAnnounce(Announce Announce, IActorRef? ReplyTo = null);

/// <summary>From the transport: the announce of a <see cref="SendAnnounce"/> with a reply address has been sent.</summary>
internal sealed record AnnounceSent;

/// <summary>To the transport: count an announce that a later stage dropped (e.g. clock skew).</summary>
/// <param name="Reason">Why it was dropped.</param>
internal sealed record CountDrop(DropReason Reason);

/// <summary>To the transport: reply with <see cref="TransportStats"/>.</summary>
internal sealed record GetTransportStats
{
    /// <summary>The single instance.</summary>
    public static GetTransportStats Instance { get; } = new();
}

/// <summary>Datagram counters of one legion's transport.</summary>
/// <param name="Received">Datagrams received (accepted or not).</param>
/// <param name="Sent">Datagrams sent (one per node per announce).</param>
/// <param name="SendErrors">Sends the socket refused.</param>
/// <param name="Drops">Datagrams dropped, by reason.</param>
public sealed record TransportStats(long Received, long Sent, long SendErrors, IReadOnlyDictionary<DropReason, long> Drops);

/// <summary>From the transport to its parent: the socket is bound and receiving.</summary>
/// <param name="LocalEndPoint">The bound address (useful when port 0 was asked).</param>
internal sealed record TransportReady(EndPoint LocalEndPoint);

/// <summary>From the transport to its parent: the socket could not be bound; the transport stops.</summary>
/// <param name="Cause">Why (e.g. address in use).</param>
internal sealed record TransportFailed(Exception Cause);

/// <summary>
/// Internal to <see cref="UdpListener"/>: one datagram from the receive loop, in the first
/// <paramref name="Length"/> bytes of <paramref name="Buffer"/>, an array rented from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/> for this message alone (the receive thread never
/// touches it again); the actor returns it to the pool once it has opened the datagram.
/// </summary>
internal sealed record DatagramReceived(byte[] Buffer, int Length, EndPoint From)
{
    /// <summary>The datagram's bytes.</summary>
    public ReadOnlySpan<byte> Datagram => Buffer.AsSpan(0, Length);
}

/// <summary>
/// Internal to <see cref="UdpListener"/>: datagrams wait in its receive queue; open at most
/// <see cref="UdpListener.DatagramsPerTurn"/> of them, then send this again if more wait. At most one is in the
/// mailbox at a time, so a send or a stats request waits behind one batch, never behind the whole backlog.
/// </summary>
internal sealed record ReceiveBatch
{
    public static ReceiveBatch Instance { get; } = new();
}

/// <summary>Internal to <see cref="UdpListener"/>: the receive loop failed and will retry.</summary>
internal sealed record ReceiveLoopFailed(Exception Cause);
