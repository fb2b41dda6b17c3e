using System.Runtime.InteropServices;

namespace Legion.Fuzz;

/// <summary>The one POSIX call the fuzzer needs that .NET lacks: sending SIGTERM.</summary>
internal static class Posix
{
    public const int SIGTERM = 15;

    public static void Kill(int pid, int signal) => _ = kill(pid, signal);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
