using System.Globalization;

namespace Legion.Fuzz;

/// <summary>
/// The kernel's per-socket counters from <c>/proc/net/udp</c>: datagrams a socket never saw because its
/// receive buffer was full. They tell a loss in the kernel from a drop by the node.
/// </summary>
public static class KernelUdpDrops
{
    /// <summary>The <c>drops</c> counter of the IPv4 UDP socket bound to <paramref name="port"/>, or null if none is found.</summary>
    public static long? Read(int port)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/net/udp");
        }
        catch (IOException)
        {
            return null;
        }

        string suffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 12 && fields[1].EndsWith(suffix, StringComparison.Ordinal))
            {
                return long.Parse(fields[^1], CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
