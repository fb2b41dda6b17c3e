using System.Net;
using System.Net.Sockets;
using Legion.Actors.Configuration;

namespace Legion.Actors.Actors;

/// <summary>
/// Opens the one datagram socket of a legion, bound to its address and used both to receive and to
/// send, as uWSGI does (legion.c, <c>uwsgi_start_legions</c>): UDP for <c>HOST:PORT</c>, a Unix
/// datagram socket for a path.
/// </summary>
internal static class LegionSocket
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
            if (IsBroadcast(endPoint.Address))
            {
                // As uWSGI's bind_to_udp for 255.255.255.255 (SO_BROADCAST; SO_REUSEADDR it sets on every UDP socket),
                // extended to the broadcast address of any local network: nodes on one host share the address.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
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

    /// <summary>
    /// True for 255.255.255.255 (which uWSGI 2.0 binds with SO_BROADCAST) and for the broadcast address of any local
    /// IPv4 network (e.g. 127.255.255.255 on loopback), to which sending needs SO_BROADCAST; uWSGI 2.0 would fail
    /// sending there with "Permission denied".
    /// </summary>
    public static bool IsBroadcast(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }
        if (address.Equals(IPAddress.Broadcast))
        {
            return true;
        }
        try
        {
            return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Where(u => u.Address.AddressFamily == AddressFamily.InterNetwork && u.IPv4Mask is not null)
                .Any(u => address.Equals(BroadcastOf(u.Address, u.IPv4Mask)));
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            return false;
        }
    }

    private static IPAddress BroadcastOf(IPAddress address, IPAddress mask)
    {
        var bytes = address.GetAddressBytes();
        var maskBytes = mask.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(bytes[i] | ~maskBytes[i]);
        }
        return new IPAddress(bytes);
    }

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
