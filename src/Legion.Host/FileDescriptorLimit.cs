using System.Runtime.InteropServices;

namespace Legion.Host;

/// <summary>
/// The process's open file limit (<c>RLIMIT_NOFILE</c>, what <c>ulimit -n</c> sets), checked before a node starts: a
/// node run with too few descriptors fails far from the cause (an assembly that cannot load, an action that cannot
/// open its pipes, a shutdown without its death announce). As many servers do (nginx's <c>worker_rlimit_nofile</c>,
/// systemd's own services), the soft limit is first raised to the hard limit; the .NET runtime does the same for the
/// JIT host, the native (Native AOT) host does not. Linux and macOS; elsewhere nothing is checked.
/// </summary>
internal static class FileDescriptorLimit
{
    /// <summary>
    /// Descriptors a node needs at least: 256. An idle JIT node holds about 150 (two per loaded assembly, which the
    /// runtime keeps open, plus sockets, pipes and the console); the control endpoint may hold
    /// <see cref="ControlEndpointSettings.DefaultMaxConnections"/> more, the stats server
    /// <see cref="StatsServer.MaxClients"/>, and each running action three pipes.
    /// </summary>
    public const int Minimum = 256;

    /// <summary>Raises the soft limit to the hard limit where it is lower, then checks it against <paramref name="minimum"/>.</summary>
    /// <param name="minimum">The fewest descriptors the node needs.</param>
    /// <returns>Null when the limit suffices (or cannot be read on this system); otherwise the error to print, naming the limit.</returns>
    public static string? Ensure(int minimum = Minimum)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return null;
        }
        int resource = OperatingSystem.IsMacOS() ? RlimitNofileMacOS : RlimitNofileLinux;
        if (getrlimit(resource, out var limit) != 0)
        {
            return null;
        }
        if (limit.Current < limit.Maximum)
        {
            // macOS refuses a soft limit above OPEN_MAX (10240) even under an unlimited hard limit.
            var raised = limit with { Current = OperatingSystem.IsMacOS() ? Math.Min(limit.Maximum, MacOSOpenMax) : limit.Maximum };
            if (setrlimit(resource, in raised) == 0)
            {
                limit = raised;
            }
        }
        if (limit.Current >= (ulong)minimum)
        {
            return null;
        }
        return $"the open file limit (ulimit -n) is {limit.Current}, hard limit {Describe(limit.Maximum)}, and a node needs at least {minimum} " +
            $"descriptors: raise it before starting the node (ulimit -n {Math.Max(1024, minimum)}, or LimitNOFILE={Math.Max(1024, minimum)} in its systemd unit)";
    }

    private static string Describe(ulong value) => value == ulong.MaxValue ? "unlimited" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private const int RlimitNofileLinux = 7;
    private const int RlimitNofileMacOS = 8;
    private const ulong MacOSOpenMax = 10240;

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct RLimit(ulong Current, ulong Maximum);

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, in RLimit limit);
}
