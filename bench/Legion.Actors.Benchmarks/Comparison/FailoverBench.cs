using System.Diagnostics;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// Failover of a 3-node legion: stop the Lord (SIGKILL for a crash, SIGTERM for a graceful leave) and time until the
/// next <c>lord</c> action fires on a survivor, read from its output (the <c>log:</c> action of both
/// implementations). Before each trial the legion is settled (every node names the Lord and knows both others),
/// then the stop waits a random fraction of a heartbeat so the stop falls anywhere in the announce cycle.
/// </summary>
public static class FailoverBench
{
    /// <summary>Runs <paramref name="trials"/> trials; returns milliseconds per trial.</summary>
    /// <exception cref="TimeoutException">The legion did not settle or no survivor became Lord in time.</exception>
    public static async Task<Samples> RunAsync(NodeKind kind, TimeSpan frequency, TimeSpan tolerance, bool graceful, int trials, TextWriter log, int quorum = 0)
    {
        var random = new Random(trials);
        var settle = TimeSpan.FromSeconds(30) + 10 * tolerance;
        var values = new List<double>();
        using var cluster = LegionCluster.Start(kind, 3, frequency, tolerance, quorum: quorum);
        for (int trial = 1; trial <= trials; trial++)
        {
            await cluster.WaitStableAsync(lord: 0, settle);
            await Task.Delay(TimeSpan.FromTicks((long)(random.NextDouble() * frequency.Ticks)));
            long stoppedAt = Stopwatch.GetTimestamp();
            cluster[0].Signal(graceful ? Posix.SigTerm : Posix.SigKill);
            var deadline = Stopwatch.StartNew();
            long? lordAt = null;
            while (lordAt is null)
            {
                if (deadline.Elapsed > settle)
                {
                    throw new TimeoutException($"{kind}: no survivor fired its lord action within {settle} of stopping the Lord:\n"
                        + cluster[1].Output + "\n---\n" + cluster[2].Output);
                }
                await Task.Delay(1);
                lordAt = new[] { cluster[1].LineAfter(NodeSpec.LordMarker, stoppedAt), cluster[2].LineAfter(NodeSpec.LordMarker, stoppedAt) }.Min();
            }
            double milliseconds = Stopwatch.GetElapsedTime(stoppedAt, lordAt.Value).TotalMilliseconds;
            values.Add(milliseconds);
            log.WriteLine($"  {kind} {(graceful ? "SIGTERM" : "SIGKILL")} freq {frequency.TotalMilliseconds} ms{(quorum > 0 ? $" quorum {quorum}" : "")}: trial {trial}/{trials}: {milliseconds:0.0} ms");
            cluster.Release(0);
            cluster.Restart(0);
        }
        return new Samples(values);
    }
}
