using System.Runtime.InteropServices;

namespace Legion.Actors.Benchmarks.Comparison;

internal static partial class Posix
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    internal static partial long SysConf(int name);

    internal const int SigKill = 9;
    internal const int SigTerm = 15;
}
