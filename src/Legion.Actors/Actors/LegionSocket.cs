using System.Net;
using System.Net.Sockets;
using Legion.Actors.Configuration;

namespace Legion.Actors.Actors;

/// <summary>
/// Opens the one datagram socket of a legion, bound to its address and used both to receive and to
/// send, as uWSGI does (legion.c, <c>uwsgi_start_legions</c>): UDP for <c>HOST:PORT</c>, a Unix
/// datagram socket for a path.
/// </summary>
public static class LegionSocket
{
    /// <summary>Creates and binds the socket.</summary>
    /// <param name="address">The legion's address.</param>
    /// <param name="multicastTtl">TTL for a multicast group address (uWSGI's <c>multicast-ttl</c>, default 1).</param>
    /// <param name="multicastLoop">Loop multicast back to this host (uWSGI's <c>multicast-loop</c>, default on).</param>
    /// <exception cref="SocketException">The address cannot be bound (in use, not local, no permission).</exception>
    public static Socket Bind(NodeAddress address, int multicastTtl = 1, bool multicastLoop = true)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsUnix)
        {
            // A stale socket file from a previous run would make bind fail with "address in use".
            if (File.Exists(address.Path) && (File.GetAttributes(address.Path!) & FileAttributes.Directory) == 0)
            {
                File.Delete(address.Path!);
            }
            var unix = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            try
            {
                unix.Bind(new UnixDomainSocketEndPoint(address.Path!));
                return unix;
            }
            catch
            {
                unix.Dispose();
                throw;
            }
        }

        var endPoint = (IPEndPoint)Resolve(address);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (IsMulticast(endPoint.Address))
            {
                // As uWSGI's bind_to_udp: bind the port on every interface, join the group on the
                // default interface, loop multicast back so nodes on one host see each other, TTL 1 by default.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(IPAddress.Any, endPoint.Port));
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, multicastLoop);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(endPoint.Address, IPAddress.Any));
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, multicastTtl);
                return socket;
            }
            if (endPoint.Address.Equals(IPAddress.Broadcast))
            {
                socket.EnableBroadcast = true;
            }
            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True for an IPv4 multicast group address (224.0.0.0/4), which uWSGI joins instead of binding.</summary>
    public static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0;

    /// <summary>Resolves a node address to the endpoint datagrams are sent to.</summary>
    /// <exception cref="SocketException">A host name does not resolve.</exception>
    public static EndPoint Resolve(NodeAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsUnix)
        {
            return new UnixDomainSocketEndPoint(address.Path!);
        }
        if (!IPAddress.TryParse(address.Host, out var ip))
        {
            // uWSGI resolves IPv4 only (socket_to_in_addr); prefer IPv4 the same way.
            var addresses = Dns.GetHostAddresses(address.Host!);
            ip = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
        }
        return new IPEndPoint(ip, address.Port);
    }
}
