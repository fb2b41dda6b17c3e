using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Legion.Actors.Simulation;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Simulation;

/// <summary>
/// The random sweep (TigerBeetle's VOPR, in small): every run explores at least 1,000 seeds, each a 5-node legion
/// with mixed valors, arbiters and quorum (sometimes a Lord lease, sometimes the authenticated protocol), under a
/// random fault plan for 10 simulated minutes, with every invariant checked continuously. <c>LEGION_SEED=N</c> replays one seed with its full trace;
/// <c>LEGION_SWEEP_SEEDS=N</c> explores N seeds (a soak run), starting at <c>LEGION_SWEEP_FIRST</c> (default 1).
/// </summary>
public sealed class SimulationSweep(ITestOutputHelper output)
{
    private const int DefaultSeeds = 1_000;
    private static readonly TimeSpan RunLength = TimeSpan.FromMinutes(10);

    [Fact]
    public void Every_seed_keeps_the_invariants_under_random_faults()
    {
        if (Environment.GetEnvironmentVariable("LEGION_SEED") is { Length: > 0 } replay)
        {
            Replay(int.Parse(replay, CultureInfo.InvariantCulture));
            return;
        }

        var count = int.TryParse(Environment.GetEnvironmentVariable("LEGION_SWEEP_SEEDS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultSeeds;
        var first = int.TryParse(Environment.GetEnvironmentVariable("LEGION_SWEEP_FIRST"), CultureInfo.InvariantCulture, out var f) ? f : 1;
        var failures = new ConcurrentBag<(int Seed, string Violation)>();
        var faults = 0L;
        var windows = 0L;
        var watch = Stopwatch.StartNew();
        Parallel.For(first, first + count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            try
            {
                var (sim, plan) = Build(seed, keepTrace: false);
                using (sim)
                {
                    plan.RunFor(RunLength);
                    Interlocked.Add(ref faults, plan.Faults);
                    Interlocked.Add(ref windows, sim.SettledWindows);
                }
            }
            catch (SimulationInvariantException e)
            {
                failures.Add((seed, e.Violation.ToString()));
            }
        });
        watch.Stop();

        output.WriteLine($"{count} seeds ({first}..{first + count - 1}) x {RunLength.TotalMinutes} simulated minutes, {faults} faults, {windows} settled windows checked, in {watch.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores");
        var lines = failures.OrderBy(x => x.Seed).Select(x =>
            $"{x.Violation}{Environment.NewLine}  replay: dotnet test -c Release --filter \"FullyQualifiedName~SimulationSweep\" -e LEGION_SEED={x.Seed}").ToList();
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        Assert.True(lines.Count == 0, $"{lines.Count} of {count} seeds broke an invariant:{Environment.NewLine}{string.Join(Environment.NewLine, lines.Take(10))}");
    }

    /// <summary>Runs one seed with its whole trace kept and printed.</summary>
    private void Replay(int seed)
    {
        var (sim, plan) = Build(seed, keepTrace: true);
        using (sim)
        {
            try
            {
                plan.RunFor(RunLength);
            }
            finally
            {
                output.WriteLine(sim.Trace.ToString());
                output.WriteLine($"seed {seed}: trace hash {sim.Trace.Hash}");
            }
        }
    }

    /// <summary>The legion of one seed: 5 nodes, mixed valors (ties included), up to two arbiters, one quorum, freq 1 s.</summary>
    internal static (LegionSimulation Simulation, RandomFaults Plan) Build(int seed, bool keepTrace)
    {
        var random = new Random(seed);
        var sim = new LegionSimulation(seed, new LegionSimulationOptions { Transport = SimulationTransport.Announces, KeepTrace = keepTrace });
        int[] quorums = [0, 0, 2, 3];
        var tolerance = TimeSpan.FromSeconds(3 + random.Next(8));
        var options = new SimulatedNodeOptions
        {
            Frequency = TimeSpan.FromSeconds(1),
            Tolerance = tolerance,
            SkewTolerance = TimeSpan.FromSeconds(random.Next(2) == 0 ? 10 : 30),
            Quorum = quorums[random.Next(quorums.Length)],
            LordLease = random.Next(3) == 0 ? tolerance * 3 : null,
            Cipher = random.Next(4) == 0 ? "aes-256-gcm" : "aes-128-cbc",
        };
        ushort[] valors = [10, 20, 50, 50, 90, 100];
        var arbiters = 0;
        for (var i = 0; i < 5; i++)
        {
            var arbiter = arbiters < 2 && random.Next(5) == 0;
            arbiters += arbiter ? 1 : 0;
            sim.AddNode("sweep", arbiter ? (ushort)0 : valors[random.Next(valors.Length)], options);
        }

        return (sim, new RandomFaults(sim, seed));
    }
}
