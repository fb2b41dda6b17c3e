using System.Diagnostics;
using System.Globalization;
using Legion.Actors.Simulation;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// A legion of N nodes in the deterministic simulation (announce transport, freq 1 s, tolerance 3 s, every node
/// announcing to every other): simulated time to settle on one Lord, Lord count and invariant violations over a
/// simulated span, and how fast it ran.
/// </summary>
public static class SimulationScale
{
    /// <summary>Runs it; returns a markdown block.</summary>
    public static IReadOnlyList<string> Run(int count, bool quick, TextWriter log)
    {
        var span = TimeSpan.FromSeconds(quick ? 5 : 60);
        var wall = Stopwatch.StartNew();
        using var sim = new LegionSimulation(1, new LegionSimulationOptions { Transport = SimulationTransport.Announces, KeepTrace = false });
        var options = new SimulatedNodeOptions { Frequency = TimeSpan.FromSeconds(1), Tolerance = TimeSpan.FromSeconds(3) };
        for (int i = 0; i < count; i++)
        {
            sim.AddNode("bench", (ushort)(10 + i), options);
        }
        bool settled = sim.RunUntil(() => sim.Lords("bench").Count == 1 && sim.Nodes.All(n => sim.Status(n).Membership.Count == count - 1), TimeSpan.FromMinutes(2));
        var settleTime = sim.Elapsed;
        log.WriteLine($"  simulation: {count} nodes settled={settled} at {settleTime.TotalSeconds:0.0} simulated s ({wall.Elapsed.TotalSeconds:0} s wall)");
        var watch = Stopwatch.StartNew();
        long delivered = sim.Network.DatagramsDelivered;
        int lordChecks = 0, oneLord = 0;
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromSeconds(1))
        {
            sim.RunFor(TimeSpan.FromSeconds(1));
            lordChecks++;
            oneLord += sim.Lords("bench").Count == 1 ? 1 : 0;
        }
        watch.Stop();
        var result = string.Create(CultureInfo.InvariantCulture,
            $"{count} nodes in simulation: {(settled ? $"one Lord and {count - 1} members on every node after {settleTime.TotalSeconds:0.0} simulated s" : "did NOT settle within 2 simulated minutes")}; "
            + $"then {span.TotalSeconds:0} simulated s with exactly one Lord in {oneLord} of {lordChecks} one-second checks, {sim.Violations.Count} invariant violations, "
            + $"{(sim.Network.DatagramsDelivered - delivered) / span.TotalSeconds:N0} announces delivered per simulated second; "
            + $"{span / watch.Elapsed:0.00} simulated s per wall s; {wall.Elapsed.TotalSeconds:0} s wall in all.");
        log.WriteLine("  " + result);
        return ["- " + result, ""];
    }
}
