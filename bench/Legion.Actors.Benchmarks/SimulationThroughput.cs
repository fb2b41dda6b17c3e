using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Legion.Actors.Simulation;

namespace Legion.Actors.Benchmarks;

/// <summary>
/// How fast the deterministic simulation runs: simulated seconds per wall-clock second for a legion of 10 and of
/// 100 nodes at <c>legion-freq</c> 1 s (every node announcing to every other once a second), in both transports.
/// The plain mode (<see cref="Run"/>) prints the figure with the process's CPU time, so a busy machine shows as
/// CPU time well below wall time; the BenchmarkDotNet class below measures one simulated minute of 10 nodes.
/// </summary>
[MemoryDiagnoser]
public class SimulationThroughput
{
    /// <summary>The first argument that selects the plain mode.</summary>
    public const string Command = "simulation-throughput";

    /// <summary>The transport the BenchmarkDotNet run measures.</summary>
    [Params(SimulationTransport.SealedDatagrams, SimulationTransport.Announces)]
    public SimulationTransport Transport { get; set; }

    /// <summary>Prints simulated seconds per wall second for 10 and 100 nodes; <c>args[0]</c> scales the simulated spans (default 1).</summary>
    /// <param name="args">Optional scale factor.</param>
    public static void Run(string[] args)
    {
        var scale = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
        Console.WriteLine($"Simulation throughput, freq 1 s, tolerance 3 s, invariants checked, no logging ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
        Console.WriteLine("nodes  transport         simulated  wall      cpu       sim-s/wall-s  sim-s/cpu-s  datagrams/wall-s  GC pauses");
        foreach (var (nodes, span) in new[] { (10, TimeSpan.FromMinutes(10)), (100, TimeSpan.FromMinutes(1)) })
        {
            foreach (var transport in new[] { SimulationTransport.SealedDatagrams, SimulationTransport.Announces })
            {
                Measure(nodes, transport, TimeSpan.FromSeconds(10)); // warm-up: JIT, tiering
                var figure = Measure(nodes, transport, span * scale);
                Console.WriteLine(figure);
            }
        }
    }

    /// <summary>One simulated minute of a 10-node legion.</summary>
    [Benchmark]
    public void TenNodesForOneSimulatedMinute() => Measure(10, Transport, TimeSpan.FromMinutes(1));

    private static Figure Measure(int count, SimulationTransport transport, TimeSpan span)
    {
        using var sim = new LegionSimulation(1, new LegionSimulationOptions { Transport = transport, KeepTrace = false });
        var options = new SimulatedNodeOptions { Frequency = TimeSpan.FromSeconds(1), Tolerance = TimeSpan.FromSeconds(3) };
        for (var i = 0; i < count; i++)
        {
            sim.AddNode("bench", (ushort)(10 + i), options);
        }

        sim.RunFor(TimeSpan.FromSeconds(5)); // elected; the measure is the steady state
        var sent = sim.Network.DatagramsDelivered;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (pause, gen0, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
        var wall = Stopwatch.StartNew();
        sim.RunFor(span);
        wall.Stop();
        var usedCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new Figure(count, transport, span, wall.Elapsed, usedCpu, sim.Network.DatagramsDelivered - sent,
            GC.GetTotalPauseDuration() - pause, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
    }

    private sealed record Figure(int Nodes, SimulationTransport Transport, TimeSpan Simulated, TimeSpan Wall, TimeSpan Cpu, long Datagrams, TimeSpan GcPause, int Gen0, int Gen2)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Nodes,5}  {Transport,-16}  {Simulated.TotalSeconds,7:0} s  {Wall.TotalSeconds,6:0.00} s  {Cpu.TotalSeconds,6:0.00} s  {Simulated / Wall,12:0.0}  {Simulated / Cpu,11:0.0}  {Datagrams / Wall.TotalSeconds,16:0}  {GcPause.TotalMilliseconds,8:0} ms ({Gen0} gen0, {Gen2} gen2)");
    }
}
