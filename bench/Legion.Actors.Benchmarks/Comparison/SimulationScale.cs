using System.Diagnostics;
using System.Globalization;
using Legion.Actors.Simulation;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// A legion of N nodes in the deterministic simulation (announce transport, every node announcing to every other):
/// simulated time to settle on one Lord, Lord count and invariant violations over a simulated span, and how fast it
/// ran. Above 200 nodes the run uses freq 10 s / tolerance 30 s: a full mesh at freq 1 s is a million announces per
/// simulated second at 1,000 nodes, and each announce, though O(log members) in membership and O(1) in the election
/// round since the member table keeps its tallies, still costs six actor messages and about 2 KB of allocation: this
/// 2-core machine simulates about 90,000 announces per wall second at that size (one simulated second per wall second
/// at freq 10 s). Before the member table kept its tallies, an announce cost O(members) and 1,000 nodes did not settle
/// in ten minutes of wall time.
/// </summary>
public static class SimulationScale
{
    /// <summary>Runs it; returns a markdown block.</summary>
    /// <param name="count">Nodes in the legion.</param>
    /// <param name="quick">One period of watching instead of three (or twelve below 200 nodes).</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="budget">Wall-clock time allowed to settle, and again to watch; default 10 minutes each. A run over
    /// budget is reported as such, so the bench command always ends.</param>
    public static IReadOnlyList<string> Run(int count, bool quick, TextWriter log, TimeSpan? budget = null)
    {
        var allowed = budget ?? TimeSpan.FromMinutes(10);
        var frequency = TimeSpan.FromSeconds(count > 200 ? 10 : 1);
        var tolerance = 3 * frequency;
        // A 1,000-node full mesh costs about a wall minute per simulated minute: watch it for three periods.
        var span = (quick ? 1 : count > 200 ? 3 : 12) * frequency;
        var wall = Stopwatch.StartNew();
        using var sim = new LegionSimulation(1, new LegionSimulationOptions { Transport = SimulationTransport.Announces, KeepTrace = false, CheckInvariants = count <= 200 });
        var options = new SimulatedNodeOptions { Frequency = frequency, Tolerance = tolerance };
        for (int i = 0; i < count; i++)
        {
            sim.AddNode("bench", (ushort)(10 + i), options);
        }
        // Checked once per simulated second: a condition evaluated after every event would ask 1,000 statuses each time.
        bool settled = false;
        while (!settled && sim.Elapsed < 40 * frequency && wall.Elapsed < allowed)
        {
            sim.RunFor(frequency / 2);
            settled = sim.Lords("bench").Count == 1 && sim.Nodes.All(n => sim.Status(n).Membership.Count == count - 1);
        }
        var settleTime = sim.Elapsed;
        log.WriteLine($"  simulation: {count} nodes settled={settled} at {settleTime.TotalSeconds:0.0} simulated s ({wall.Elapsed.TotalSeconds:0} s wall; {GcFigures()})");
        if (!settled)
        {
            var failed = string.Create(CultureInfo.InvariantCulture,
                $"{count} nodes in simulation at freq {frequency.TotalSeconds:0} s / tolerance {tolerance.TotalSeconds:0} s: did NOT settle on one Lord with {count - 1} members everywhere "
                + $"within {settleTime.TotalSeconds:0} simulated s ({wall.Elapsed.TotalMinutes:0.0} min wall; budget {allowed.TotalMinutes:0} min wall or {(40 * frequency).TotalSeconds:0} simulated s).");
            log.WriteLine("  " + failed);
            return ["- " + failed, ""];
        }
        var watch = Stopwatch.StartNew();
        long delivered = sim.Network.DatagramsDelivered;
        long allocated = GC.GetTotalAllocatedBytes();
        int lordChecks = 0, oneLord = 0;
        var watched = TimeSpan.Zero;
        for (; watched < span && watch.Elapsed < allowed; watched += frequency)
        {
            sim.RunFor(frequency);
            lordChecks++;
            oneLord += sim.Lords("bench").Count == 1 ? 1 : 0;
        }
        watch.Stop();
        double perAnnounce = (GC.GetTotalAllocatedBytes() - allocated) / (double)Math.Max(1, sim.Network.DatagramsDelivered - delivered);
        var result = string.Create(CultureInfo.InvariantCulture,
            $"{count} nodes in simulation at freq {frequency.TotalSeconds:0} s / tolerance {tolerance.TotalSeconds:0} s: one Lord and {count - 1} members on every node after {settleTime.TotalSeconds:0.0} simulated s; "
            + $"then {watched.TotalSeconds:0} simulated s with exactly one Lord in {oneLord} of {lordChecks} checks (one per period), {sim.Violations.Count} invariant violations, "
            + $"{(sim.Network.DatagramsDelivered - delivered) / Math.Max(1, watched.TotalSeconds):N0} announces delivered per simulated second ({perAnnounce:N0} bytes allocated per announce delivered); "
            + $"{watched / watch.Elapsed:0.00} simulated s per wall s; {wall.Elapsed.TotalSeconds:0} s wall in all (settle time to the half period); {GcFigures()}.");
        log.WriteLine("  " + result);
        return ["- " + result, ""];
    }

    /// <summary>Collections per generation and total GC pause of the process so far: at this scale the GC is a cost to watch.</summary>
    private static string GcFigures() => string.Create(CultureInfo.InvariantCulture,
        $"GC {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2), {GC.GetTotalPauseDuration().TotalSeconds:0.0} s paused, {GC.GetGCMemoryInfo().HeapSizeBytes / (1024.0 * 1024):N0} MB heap");
}
