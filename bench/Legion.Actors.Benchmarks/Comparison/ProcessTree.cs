using System.Globalization;
using System.Text;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>The fields of one /proc/PID/stat line (proc(5)) the benchmarks read.</summary>
/// <param name="Pid">Field 1: the process id.</param>
/// <param name="Command">Field 2 without its parentheses: the command name, which may itself hold spaces and parentheses.</param>
/// <param name="ParentPid">Field 4: the parent's process id.</param>
/// <param name="UserTicks">Field 14, utime: user-mode CPU time of the whole thread group, threads that ended included, clock ticks.</param>
/// <param name="SystemTicks">Field 15, stime: kernel-mode CPU time of the thread group, clock ticks.</param>
/// <param name="ReapedChildrenUserTicks">Field 16, cutime: utime (and cutime) of the children this process has waited for, clock ticks.</param>
/// <param name="ReapedChildrenSystemTicks">Field 17, cstime: stime (and cstime) of the children this process has waited for, clock ticks.</param>
public readonly record struct ProcStat(
    int Pid, string Command, int ParentPid, long UserTicks, long SystemTicks, long ReapedChildrenUserTicks, long ReapedChildrenSystemTicks)
{
    /// <summary>utime + stime + cutime + cstime, clock ticks: this process's CPU and that of the children it has reaped.</summary>
    public long TotalTicks => UserTicks + SystemTicks + ReapedChildrenUserTicks + ReapedChildrenSystemTicks;

    /// <summary>
    /// Parses the text of /proc/PID/stat; null when it is not such a line. The command name (field 2) is whatever the
    /// process set, spaces and parentheses included ("(a) b (c)" is a valid one), so it ends at the LAST ')' of the
    /// line, and the numeric fields are counted from there (field 3, the state, comes first).
    /// </summary>
    public static ProcStat? Parse(string text)
    {
        int open = text.IndexOf('(', StringComparison.Ordinal);
        int close = text.LastIndexOf(')');
        if (open <= 0 || close < open)
        {
            return null;
        }
        var rest = text[(close + 1)..].Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        // rest[0] is field 3 (state), so field N is rest[N - 3].
        if (rest.Length < 15
            || !int.TryParse(text.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || !int.TryParse(rest[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parent)
            || !long.TryParse(rest[11], NumberStyles.None, CultureInfo.InvariantCulture, out long utime)
            || !long.TryParse(rest[12], NumberStyles.None, CultureInfo.InvariantCulture, out long stime)
            || !long.TryParse(rest[13], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long cutime)
            || !long.TryParse(rest[14], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long cstime))
        {
            return null;
        }
        return new ProcStat(pid, text[(open + 1)..close], parent, utime, stime, cutime, cstime);
    }
}

/// <summary>CPU and memory of a process and its descendants, read from Linux /proc.</summary>
public static class ProcessTree
{
    /// <summary>Clock ticks per second of /proc/PID/stat's time fields (sysconf(_SC_CLK_TCK), Hz; 100 on Linux).</summary>
    public static long ClockTicksPerSecond { get; } = Posix.SysConf(2) is > 0 and var hz ? hz : 100; // _SC_CLK_TCK

    /// <summary>/proc/PID/stat of every process on the machine, each file read once, keyed by process id.</summary>
    public static Dictionary<int, ProcStat> Snapshot()
    {
        var result = new Dictionary<int, ProcStat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && Read(pid) is { } stat)
            {
                result[pid] = stat;
            }
        }
        return result;
    }

    /// <summary>The process and every live descendant (uWSGI's master and its worker).</summary>
    public static IReadOnlyList<int> Of(int pid) => Of(pid, Snapshot());

    /// <summary>The process and every descendant in <paramref name="snapshot"/>, the process first.</summary>
    public static IReadOnlyList<int> Of(int pid, IReadOnlyDictionary<int, ProcStat> snapshot) => Of(pid, Children(snapshot));

    /// <summary>The process and every descendant by <paramref name="children"/> (<see cref="Children"/>), the process first.</summary>
    public static IReadOnlyList<int> Of(int pid, ILookup<int, int> children)
    {
        var tree = new List<int> { pid };
        for (int i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children[tree[i]]);
        }
        return tree;
    }

    /// <summary>Process ids of each process's children in <paramref name="snapshot"/>, by parent id.</summary>
    public static ILookup<int, int> Children(IReadOnlyDictionary<int, ProcStat> snapshot) => snapshot.Values.ToLookup(s => s.ParentPid, s => s.Pid);

    /// <summary>
    /// CPU time of the tree, clock ticks (<see cref="ClockTicksPerSecond"/>): utime+stime+cutime+cstime of every
    /// process in it. A process's utime+stime count every thread it ever had (ended ones included). A child that ends
    /// and is reaped by its parent in the tree leaves the sum but reappears, whole, in the parent's cutime+cstime, so the
    /// sum carries on across the reap, and the difference of two readings is the CPU the tree used in between: children
    /// alive at both ends by their own difference, children born and reaped in between by their parent's. Lost: a child
    /// reaped by a process outside the tree (after its parent died); not the case for an idle node.
    /// </summary>
    public static long CpuTicks(int pid, IReadOnlyDictionary<int, ProcStat> snapshot) =>
        Of(pid, snapshot).Sum(p => snapshot.TryGetValue(p, out var stat) ? stat.TotalTicks : 0);

    /// <summary>CPU time of the tree (<see cref="CpuTicks"/>) as a duration; 10 ms resolution.</summary>
    public static TimeSpan CpuTime(int pid) => TimeSpan.FromSeconds(CpuTicks(pid, Snapshot()) / (double)ClockTicksPerSecond);

    /// <summary>/proc/PID/stat of one process; null once it has gone (or the text is not what proc(5) says).</summary>
    public static ProcStat? Read(int pid)
    {
        Span<byte> buffer = stackalloc byte[2048]; // 52 numeric fields and a 16-byte name: well under 2 KiB
        int length = ReadSmallFile($"/proc/{pid}/stat", buffer);
        return length < 0 ? null : ProcStat.Parse(Encoding.UTF8.GetString(buffer[..length]));
    }

    /// <summary>
    /// Reads a small /proc file into <paramref name="buffer"/> with one open, one read and one close (these files are
    /// generated whole on the first read); the length read, or -1 when the file has gone (its process or thread ended).
    /// </summary>
    public static int ReadSmallFile(string path, Span<byte> buffer)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            return RandomAccess.Read(handle, buffer, 0);
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>VmRSS of the process alone, bytes.</summary>
    public static long ResidentBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>Proportional set size (shared pages split among sharers) of the whole tree, bytes.</summary>
    public static long ProportionalBytes(int pid) =>
        Of(pid).Sum(p =>
        {
            try
            {
                var line = File.ReadLines($"/proc/{p}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
                return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                return 0;
            }
        });

    private static long StatusKilobytes(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
