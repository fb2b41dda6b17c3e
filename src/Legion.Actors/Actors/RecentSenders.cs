using System.Net;

namespace Legion.Actors.Actors;

/// <summary>
/// The receive thread's map from a sender's raw socket address to an <see cref="EndPoint"/>, so that
/// the peers of a legion, which send every heartbeat, get the same endpoint instance each time instead
/// of a new one per datagram. A direct-mapped table of <see cref="Slots"/> entries that replaces on a
/// miss: bounded whatever the senders, and a hit compares the whole address. The endpoints handed out
/// are never changed afterwards (they travel in actor messages). Not thread-safe: the receive thread
/// alone uses it.
/// </summary>
internal sealed class RecentSenders(EndPoint template)
{
    /// <summary>Slots in the table.</summary>
    public const int Slots = 64;

    private readonly (SocketAddress Address, EndPoint EndPoint)[] _slots = new (SocketAddress, EndPoint)[Slots];

    /// <summary>The endpoint of <paramref name="address"/> (a buffer the caller reuses: it is copied when kept).</summary>
    public EndPoint EndPointOf(SocketAddress address)
    {
        ref var slot = ref _slots[address.GetHashCode() & (Slots - 1)];
        if (slot.Address is { } kept && kept.Equals(address))
        {
            return slot.EndPoint;
        }
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        var endPoint = template.Create(copy);
        slot = (copy, endPoint);
        return endPoint;
    }
}
