using System.Net;
using System.Net.Sockets;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// Free ports on 127.0.0.1 for a process the test starts, found by binding port 0 and releasing it.
/// Another process may take the port in between; starters that use these retry on a failed bind.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>A currently free UDP port on 127.0.0.1.</summary>
    public static IPEndPoint FreeUdp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>A currently free TCP port on 127.0.0.1.</summary>
    public static IPEndPoint FreeTcp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }
}
