using System.Globalization;
using System.Runtime.InteropServices;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// Breaks a UDP socket of this very process from outside the code that owns it, as a stray <c>close()</c> elsewhere in
/// a process would: the socket's file descriptor is replaced with <c>/dev/null</c> (dup2), so every later send or
/// receive on it fails with ENOTSOCK, and the descriptor number stays taken (nothing else can reuse it meanwhile).
/// Linux only (reads /proc).
/// </summary>
public static class SocketSabotage
{
    /// <summary>Breaks the socket of this process bound to IPv4 UDP port <paramref name="port"/>.</summary>
    /// <exception cref="InvalidOperationException">No such socket in this process.</exception>
    public static void BreakUdpSocket(int port)
    {
        string inode = File.ReadLines("/proc/net/udp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => int.Parse(f[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
            .Select(f => f[9])
            .FirstOrDefault() ?? throw new InvalidOperationException($"no UDP socket on port {port}");
        int fd = Directory.GetFiles("/proc/self/fd")
            .Where(path => new FileInfo(path).LinkTarget == $"socket:[{inode}]")
            .Select(path => int.Parse(Path.GetFileName(path), CultureInfo.InvariantCulture))
            .DefaultIfEmpty(-1)
            .First();
        if (fd < 0)
        {
            throw new InvalidOperationException($"the socket on port {port} (inode {inode}) is not this process's");
        }

        int devNull = open("/dev/null", 2);
        if (devNull < 0 || dup2(devNull, fd) < 0)
        {
            throw new InvalidOperationException($"cannot replace fd {fd}: errno {Marshal.GetLastPInvokeError()}");
        }

        close(devNull);
    }

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int dup2(int oldFd, int newFd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
