using System.Net;
using System.Net.Sockets;

namespace Legion.Actors.Tests.Interop;

/// <summary>Free loopback ports for tests that run in parallel: asks the kernel for an unused one.</summary>
internal static class Ports
{
    private static readonly object Gate = new();
    private static readonly HashSet<int> Handed = [];

    public static int FreeUdp() => Free(SocketType.Dgram, ProtocolType.Udp);

    public static int FreeTcp() => Free(SocketType.Stream, ProtocolType.Tcp);

    private static int Free(SocketType type, ProtocolType protocol)
    {
        lock (Gate)
        {
            while (true)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                // Never hand the same port twice in one run, even once its probe socket is closed.
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
