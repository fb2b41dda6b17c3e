using System.Net;
using System.Net.Sockets;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>Free loopback ports, found by binding port 0 and releasing it.</summary>
public static class FreePorts
{
    /// <summary>A free UDP port on 127.0.0.1.</summary>
    public static IPEndPoint Udp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static IPEndPoint Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return (IPEndPoint)listener.LocalEndpoint;
    }
}
