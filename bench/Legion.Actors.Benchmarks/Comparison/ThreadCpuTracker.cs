using System.Diagnostics;
using System.Globalization;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// A second measure of the CPU time of process trees, independent of /proc/PID/stat's utime+stime: the first field of
/// every thread's /proc/PID/task/TID/schedstat (time on a CPU, nanoseconds), sampled every interval, with every thread
/// ever seen remembered at its last value. Reading only the threads alive at the two ends of a window loses what
/// threads that ended in between used (thread-pool workers, the tiered JIT's worker), and /proc/PID/schedstat is no
/// help: it is the thread group leader's line alone (checked on Linux 6.18: a process whose second thread burnt 0.3 s
/// showed it in utime+stime but not in /proc/PID/schedstat, before or after that thread ended).
/// </summary>
/// <remarks>
/// What it still misses: a thread that lives less than one interval, the last interval of one that ends (at most one
/// interval each; an idle worker's last interval is idle), and a child process that lives less than ten intervals. A
/// thread id reused within the tree is seen as its counter going down: the old thread is closed at its last value and
/// the new one counted from zero.
/// </remarks>
public sealed class ThreadCpuTracker
{
    private const int RescanEvery = 10;

    private readonly int[] _roots;
    private readonly Dictionary<(int Pid, int Tid), (long Baseline, long Last)>[] _threads;
    private readonly long[] _closed;
    private readonly IReadOnlyList<int>[] _trees;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _busy = new();
    private int _samples;

    private ThreadCpuTracker(IReadOnlyList<int> roots, TimeSpan interval)
    {
        _roots = [.. roots];
        _threads = [.. _roots.Select(_ => new Dictionary<(int, int), (long, long)>())];
        _closed = new long[_roots.Length];
        _trees = new IReadOnlyList<int>[_roots.Length];
        Sample(first: true);
        _loop = LoopAsync(interval, _stop.Token);
    }

    /// <summary>Samples taken so far, the first (the baseline) included.</summary>
    public int Samples => _samples;

    /// <summary>Wall time spent sampling, in all; what the tracker costs the bench process is at most this.</summary>
    public TimeSpan SamplingTime => _busy.Elapsed;

    /// <summary>Takes the baseline of the trees rooted at <paramref name="roots"/> now, then samples every <paramref name="interval"/> (100 ms is good).</summary>
    public static ThreadCpuTracker Start(IReadOnlyList<int> roots, TimeSpan interval) => new(roots, interval);

    /// <summary>Stops sampling, takes a last sample, and returns each tree's CPU time since the baseline, in the order of the roots.</summary>
    public async Task<IReadOnlyList<TimeSpan>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        Sample(first: false, rescan: true);
        return [.. _threads.Select((threads, i) =>
            TimeSpan.FromTicks((_closed[i] + threads.Values.Sum(t => t.Last - t.Baseline)) / 100))]; // 100 ns per tick
    }

    private async Task LoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Sample(first: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    // Finding the trees' processes reads every process's /proc/PID/stat, more than their threads' schedstat, so it is
    // done once a second (RescanEvery samples) and at both ends; between rescans a new child is not seen, and a child
    // that is born and ends between two rescans is missed (an idle node starts none).
    private void Sample(bool first, bool rescan = false)
    {
        _busy.Start();
        if (first || rescan || _samples % RescanEvery == 0)
        {
            var children = ProcessTree.Children(ProcessTree.Snapshot());
            for (int r = 0; r < _roots.Length; r++)
            {
                _trees[r] = ProcessTree.Of(_roots[r], children);
            }
        }
        for (int r = 0; r < _roots.Length; r++)
        {
            var threads = _threads[r];
            foreach (int pid in _trees[r])
            {
                foreach (var (tid, nanoseconds) in ThreadsOf(pid))
                {
                    if (!threads.TryGetValue((pid, tid), out var known))
                    {
                        // Alive at the baseline: counted from there; born since: all of it falls in the window.
                        threads[(pid, tid)] = (first ? nanoseconds : 0, nanoseconds);
                    }
                    else if (nanoseconds < known.Last)
                    {
                        _closed[r] += known.Last - known.Baseline; // the id was reused by a new thread
                        threads[(pid, tid)] = (0, nanoseconds);
                    }
                    else
                    {
                        threads[(pid, tid)] = (known.Baseline, nanoseconds);
                    }
                }
            }
        }
        _samples++;
        _busy.Stop();
    }

    // (tid, time on a CPU in nanoseconds) of every thread of the process now; none once it has gone.
    private static List<(int Tid, long Nanoseconds)> ThreadsOf(int pid)
    {
        var result = new List<(int, long)>();
        Span<byte> buffer = stackalloc byte[128]; // "<ns on cpu> <ns waiting> <timeslices>\n"
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                int length = ProcessTree.ReadSmallFile(Path.Combine(task, "schedstat"), buffer);
                int space = length > 0 ? buffer[..length].IndexOf((byte)' ') : -1;
                if (space > 0 && long.TryParse(buffer[..space], NumberStyles.None, CultureInfo.InvariantCulture, out long nanoseconds))
                {
                    result.Add((int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture), nanoseconds));
                }
                // else the thread ended between listing and reading: its last sample stands.
            }
        }
        catch (IOException)
        {
            // The process ended.
        }
        return result;
    }
}
