using System.Diagnostics;
using System.Globalization;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>Idle cost of one node in a settled 5-node legion at freq 1 s / tolerance 3 s.</summary>
/// <param name="CpuPercent">CPU used over the window, % of one core, per node (5 values): the node's process tree's own counters, utime+stime (+ reaped children's) of /proc/PID/stat, 10 ms clock ticks.</param>
/// <param name="CrossCheckPercent">The same CPU by the second method, % of one core, per node: per-thread schedstat (nanoseconds) sampled every 100 ms, every thread ever seen (<see cref="ThreadCpuTracker"/>).</param>
/// <param name="ResidentMiB">VmRSS of the node process at the end, MiB, per node.</param>
/// <param name="TreePssMiB">Proportional set size of the node's process tree (uWSGI: master and worker), MiB, per node.</param>
/// <param name="Disagreements">One line per node whose two CPU figures differ by more than their resolution explains (a bug in one of them); empty when they agree.</param>
public sealed record IdleFigures(Samples CpuPercent, Samples CrossCheckPercent, Samples ResidentMiB, Samples TreePssMiB, IReadOnlyList<string> Disagreements);

/// <summary>Measures <see cref="IdleFigures"/>; several implementations run side by side, each in its own legion.</summary>
public static class IdleBench
{
    private const int Nodes = 5;

    /// <summary>
    /// Starts a 5-node legion per kind, waits until each settles, lets it run <paramref name="warmup"/> more, then
    /// measures every node's CPU over <paramref name="window"/> by two methods (see <see cref="IdleFigures"/>) and its
    /// memory at the end.
    /// </summary>
    /// <remarks>
    /// The warm-up is for the JIT host: tiered compilation recompiles hot methods and the thread pool trims its workers
    /// for a while after start, and that CPU is start-up, not idle (a JIT node keeps getting cheaper for minutes). 60 s
    /// covers most of it for 50 s more than the 10 s this bench used to wait, about 3 % of a full <c>./build.sh
    /// bench</c> (25 min); a longer one (<c>--idle-warmup 180</c>) reads a little lower still and costs minutes. The
    /// native host and uWSGI do not need it.
    /// </remarks>
    public static async Task<IReadOnlyDictionary<NodeKind, IdleFigures>> RunAsync(
        IReadOnlyList<NodeKind> kinds, TimeSpan warmup, TimeSpan window, TextWriter log)
    {
        var clusters = kinds.Select(k => LegionCluster.Start(k, Nodes, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))).ToList();
        try
        {
            await Task.WhenAll(clusters.Select(c => c.WaitStableAsync(0, TimeSpan.FromSeconds(60))));
            log.WriteLine($"  idle: settled; warming up for {warmup.TotalSeconds:0} s");
            await Task.Delay(warmup);
            var roots = clusters.SelectMany(c => Enumerable.Range(0, Nodes).Select(i => c[i].Pid)).ToList();

            var clock = Stopwatch.StartNew(); // monotonic: a wall-clock step must not skew the CPU share
            var before = ProcessTree.Snapshot();
            var tracker = ThreadCpuTracker.Start(roots, TimeSpan.FromMilliseconds(100));
            var bench0 = Environment.CpuUsage.TotalTime;
            log.WriteLine($"  idle: measuring {string.Join(", ", kinds)} for {window.TotalSeconds:0} s");
            await Task.Delay(window);
            var after = ProcessTree.Snapshot();
            var elapsed = clock.Elapsed;
            var crossCheck = await tracker.StopAsync();
            var benchCpu = Environment.CpuUsage.TotalTime - bench0;

            // utime+stime count clock ticks (100 Hz: 10 ms). The kernel keeps a process's CPU time in nanoseconds and
            // truncates utime and stime to ticks separately, so each reading is up to 2 ticks short and a difference
            // of two readings is within 2 ticks per process of the truth: over a 60 s window 20 ms, 0.033 percentage
            // points of a core per process. Fine for our nodes (0.04-0.4 %); a uWSGI node (master + worker, about
            // 0.013 %, 8 ms a minute) is below that resolution, and the schedstat figure is the one to read for it.
            double tick = 1.0 / ProcessTree.ClockTicksPerSecond;
            log.WriteLine(FormattableString.Invariant(
                $"  idle: utime+stime resolution ±{200 * tick / elapsed.TotalSeconds:0.000} points of a core per process over {elapsed.TotalSeconds:0.0} s ({ProcessTree.ClockTicksPerSecond} Hz ticks); cross-check: {tracker.Samples} samples, {tracker.SamplingTime.TotalSeconds:0.00} s sampling, bench process CPU {100 * benchCpu / elapsed:0.00} % of a core"));

            var result = new Dictionary<NodeKind, IdleFigures>();
            int root = 0;
            foreach (var cluster in clusters)
            {
                var cpu = new List<double>();
                var cross = new List<double>();
                var disagreements = new List<string>();
                for (int i = 0; i < Nodes; i++, root++)
                {
                    int pid = cluster[i].Pid;
                    double ticks = ProcessTree.CpuTicks(pid, after) - ProcessTree.CpuTicks(pid, before);
                    double primary = 100 * ticks * tick / elapsed.TotalSeconds;
                    double second = 100 * crossCheck[root] / elapsed;
                    cpu.Add(primary);
                    cross.Add(second);
                    int processes = ProcessTree.Of(pid, before).Union(ProcessTree.Of(pid, after)).Count();
                    if (Disagree(primary, second, 100 * 2 * processes * tick / elapsed.TotalSeconds) is { } why)
                    {
                        disagreements.Add(FormattableString.Invariant(
                            $"{cluster.Kind} node {i} (pid {pid}): utime+stime {primary:0.000} % but per-thread schedstat {second:0.000} % of a core ({why}): one of the two methods is wrong"));
                    }
                }
                var rss = Enumerable.Range(0, Nodes).Select(i => cluster[i].ResidentBytes() / 1048576.0).ToList();
                var pss = Enumerable.Range(0, Nodes).Select(i => ProcessTree.ProportionalBytes(cluster[i].Pid) / 1048576.0).ToList();
                result[cluster.Kind] = new IdleFigures(new Samples(cpu), new Samples(cross), new Samples(rss), new Samples(pss), disagreements);
                log.WriteLine($"  idle {cluster.Kind}: CPU % utime+stime {Join(cpu, "0.000")}; per-thread schedstat every 100 ms {Join(cross, "0.000")}; RSS MiB {Join(rss, "0.0")}");
                foreach (var line in disagreements)
                {
                    log.WriteLine("  WARNING idle: " + line);
                }
            }
            return result;
        }
        finally
        {
            clusters.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// Why two CPU figures (% of a core) of one node disagree, or null when they agree: they disagree when they differ
    /// by more than 20 % of the larger AND by more than 0.02 points of a core or <paramref name="resolution"/> (points),
    /// whichever is more, since utime+stime cannot tell apart figures closer than its tick resolution.
    /// </summary>
    public static string? Disagree(double primary, double second, double resolution)
    {
        double difference = Math.Abs(primary - second);
        double floor = Math.Max(0.02, resolution);
        return difference > 0.2 * Math.Max(Math.Abs(primary), Math.Abs(second)) && difference > floor
            ? FormattableString.Invariant($"{difference:0.000} points apart, more than 20 % and more than {floor:0.000} points")
            : null;
    }

    private static string Join(IEnumerable<double> values, string format) =>
        string.Join(' ', values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
}
