namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>Idle cost of one node in a settled 5-node legion at freq 1 s / tolerance 3 s.</summary>
/// <param name="CpuPercent">CPU used over the window, % of one core, per node (5 values).</param>
/// <param name="ResidentMiB">VmRSS of the node process at the end, MiB, per node.</param>
/// <param name="TreePssMiB">Proportional set size of the node's process tree (uWSGI: master and worker), MiB, per node.</param>
public sealed record IdleFigures(Samples CpuPercent, Samples ResidentMiB, Samples TreePssMiB);

/// <summary>Measures <see cref="IdleFigures"/>; several implementations run side by side, each in its own legion.</summary>
public static class IdleBench
{
    /// <summary>
    /// Starts a 5-node legion per kind, waits until each settles, lets it run 10 s more, then measures every node's
    /// CPU over <paramref name="window"/> (per-thread schedstat, nanoseconds) and its memory at the end.
    /// </summary>
    public static async Task<IReadOnlyDictionary<NodeKind, IdleFigures>> RunAsync(IReadOnlyList<NodeKind> kinds, TimeSpan window, TextWriter log)
    {
        var clusters = kinds.Select(k => LegionCluster.Start(k, 5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))).ToList();
        try
        {
            await Task.WhenAll(clusters.Select(c => c.WaitStableAsync(0, TimeSpan.FromSeconds(60))));
            await Task.Delay(TimeSpan.FromSeconds(10));
            var before = clusters.Select(c => Enumerable.Range(0, 5).Select(i => ProcessTree.ThreadCpu(c[i].Pid)).ToArray()).ToArray();
            var window0 = System.Diagnostics.Stopwatch.StartNew(); // monotonic: a wall-clock step must not skew the CPU share
            log.WriteLine($"  idle: measuring {string.Join(", ", kinds)} for {window.TotalSeconds:0} s");
            await Task.Delay(window);
            var elapsed = window0.Elapsed;
            var result = new Dictionary<NodeKind, IdleFigures>();
            for (int k = 0; k < clusters.Count; k++)
            {
                var cluster = clusters[k];
                var cpu = Enumerable.Range(0, 5).Select(i => 100 * ProcessTree.CpuBetween(before[k][i], ProcessTree.ThreadCpu(cluster[i].Pid)) / elapsed).ToList();
                var rss = Enumerable.Range(0, 5).Select(i => cluster[i].ResidentBytes() / 1048576.0).ToList();
                var pss = Enumerable.Range(0, 5).Select(i => ProcessTree.ProportionalBytes(cluster[i].Pid) / 1048576.0).ToList();
                result[cluster.Kind] = new IdleFigures(new Samples(cpu), new Samples(rss), new Samples(pss));
                log.WriteLine($"  idle {cluster.Kind}: CPU % {string.Join(' ', cpu.Select(c => c.ToString("0.000")))}; RSS MiB {string.Join(' ', rss.Select(r => r.ToString("0.0")))}");
            }
            return result;
        }
        finally
        {
            clusters.ForEach(c => c.Dispose());
        }
    }
}
