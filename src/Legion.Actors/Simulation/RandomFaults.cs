using System.Globalization;

namespace Legion.Actors.Simulation;

/// <summary>
/// Drives a <see cref="LegionSimulation"/> through a random fault plan drawn from a seed, as TigerBeetle's VOPR
/// does: storms of faults (partitions, one-way cuts, loss, duplication, latency, reordering, crashes, clean
/// stops, restarts, pauses, clock offsets, drift and jumps) alternate with calm spells, long enough for the
/// legion to settle, in which the simulation's invariants are enforced. The same simulation seed, fault seed and
/// calls replay the same run.
/// </summary>
/// <remarks>
/// Each storm lasts between one announce period and twice the longest tolerance, with one to three faults; a calm
/// spell heals the network (a quarter of them then split it cleanly in two), thaws paused nodes, restarts most
/// dead ones, brings clocks back within the skew tolerance (a slight drift may stay) and then runs for <see cref="LegionSimulation.SettleTime"/> plus up to
/// 30 s. Not thread-safe, like the simulation.
/// </remarks>
public sealed class RandomFaults
{
    private readonly LegionSimulation _simulation;
    private readonly Random _random;

    /// <summary>Creates a plan over every node of <paramref name="simulation"/>, present and future.</summary>
    /// <param name="simulation">The simulation to disturb.</param>
    /// <param name="seed">Seeds the plan (independent of the simulation's own seed).</param>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> is null.</exception>
    public RandomFaults(LegionSimulation simulation, int seed)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _simulation = simulation;
        _random = new Random(LegionSimulation.Mix(seed, 3));
    }

    /// <summary>How many storms have started.</summary>
    public int Storms { get; private set; }

    /// <summary>How many faults have been applied.</summary>
    public int Faults { get; private set; }

    /// <summary>Runs the simulation for <paramref name="duration"/>, alternating storms and calm spells.</summary>
    /// <param name="duration">Simulated time to run; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    /// <exception cref="SimulationInvariantException">An invariant broke (see <see cref="LegionSimulation"/>).</exception>
    public void RunFor(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var end = _simulation.Elapsed + duration;
        var calm = true;
        while (_simulation.Elapsed < end)
        {
            var spell = calm ? Calm() : Storm();
            calm = !calm;
            var left = end - _simulation.Elapsed;
            _simulation.RunFor(spell < left ? spell : left);
        }
    }

    private TimeSpan Storm()
    {
        Storms++;
        var faults = 1 + _random.Next(3);
        for (var i = 0; i < faults; i++)
        {
            Fault();
        }

        var frequency = Max(n => n.Options.Frequency);
        var tolerance = Max(n => n.Options.Tolerance);
        return frequency + Fraction(tolerance * 2);
    }

    private TimeSpan Calm()
    {
        var sim = _simulation;
        if (sim.Network.HasCuts)
        {
            sim.Heal();
        }

        if (sim.Network.Loss > 0)
        {
            sim.SetLoss(0);
        }

        if (sim.Network.Reordering > 0 && _random.Next(2) == 0)
        {
            sim.SetReordering(0, TimeSpan.Zero);
        }

        if (sim.Network.MaxLatency > TimeSpan.Zero && _random.Next(2) == 0)
        {
            sim.SetLatency(TimeSpan.Zero, TimeSpan.Zero);
        }

        foreach (var node in sim.Nodes)
        {
            if (node.State == SimulatedNodeState.Frozen)
            {
                sim.Thaw(node);
            }
            else if (!node.IsAlive && _random.NextDouble() < 0.8)
            {
                sim.Restart(node);
            }

            var skew = node.Options.SkewTolerance;
            if (node.Clock.Error.Duration() > skew / 4)
            {
                sim.SetClockOffset(node, Fraction(skew / 4) - (node.Clock.Error - node.Clock.Offset));
            }

            if (node.Clock.Drift != 1.0)
            {
                sim.SetClockDrift(node, _random.Next(2) == 0 ? 1.0 : 1.0 + ((_random.NextDouble() - 0.5) * 0.004));
            }
        }

        var alive = sim.Nodes.Where(n => n.IsAlive).ToList();
        if (alive.Count >= 2 && _random.Next(4) == 0)
        {
            // A clean split calms down too: each side must settle on its own Lord (quorum permitting).
            var shuffled = Shuffle(alive);
            var cut = 1 + _random.Next(shuffled.Count - 1);
            sim.Partition(shuffled.Take(cut), shuffled.Skip(cut));
        }

        return sim.Nodes.Select(n => n.Legion).Distinct().Max(sim.SettleTime) + Fraction(TimeSpan.FromSeconds(30));
    }

    private void Fault()
    {
        var sim = _simulation;
        var alive = sim.Nodes.Where(n => n.IsAlive).ToList();
        var running = alive.Where(n => n.State == SimulatedNodeState.Running).ToList();
        var frequency = Max(n => n.Options.Frequency);
        var skew = Max(n => n.Options.SkewTolerance);
        Faults++;
        switch (_random.Next(15))
        {
            case 0 when alive.Count >= 2:
                var shuffled = Shuffle(alive);
                var cut = 1 + _random.Next(shuffled.Count - 1);
                sim.Partition(shuffled.Take(cut), shuffled.Skip(cut));
                break;
            case 1 when alive.Count >= 2:
                var order = Shuffle(alive);
                var split = 1 + _random.Next(order.Count - 1);
                sim.PartitionOneWay(order.Take(split), order.Skip(split));
                break;
            case 2 when alive.Count >= 1:
                sim.Isolate(Pick(alive));
                break;
            case 3:
                sim.SetLoss(0.05 + (_random.NextDouble() * 0.55));
                break;
            case 4:
                sim.SetDuplication(_random.Next(3) == 0 ? 0 : _random.NextDouble() * 0.5);
                break;
            case 5:
                var min = Fraction(TimeSpan.FromMilliseconds(50));
                sim.SetLatency(min, min + Fraction(frequency * 2));
                break;
            case 6:
                sim.SetReordering(_random.NextDouble(), TimeSpan.FromTicks(1) + Fraction(frequency));
                break;
            case 7 when alive.Count >= 1:
                sim.Crash(Pick(alive));
                break;
            case 8:
                sim.Restart(Pick(sim.Nodes));
                break;
            case 9 when alive.Count >= 1:
                sim.Stop(Pick(alive));
                break;
            case 10 when running.Count >= 1:
                sim.Freeze(Pick(running));
                break;
            case 11:
                var far = _random.Next(2) == 0;
                var offset = far ? skew + TimeSpan.FromSeconds(5) + Fraction(skew) : Fraction(skew / 2);
                sim.SetClockOffset(Pick(sim.Nodes), _random.Next(2) == 0 ? offset : -offset);
                break;
            case 12:
                sim.SetClockDrift(Pick(sim.Nodes), 0.8 + (_random.NextDouble() * 0.4));
                break;
            case 13:
                var jump = TimeSpan.FromSeconds(1) + Fraction(skew * 2);
                sim.JumpClock(Pick(sim.Nodes), _random.Next(2) == 0 ? jump : -jump);
                break;
            case 14:
                foreach (var node in sim.Nodes.Where(n => n.State == SimulatedNodeState.Frozen && _random.Next(2) == 0))
                {
                    sim.Thaw(node);
                }

                if (sim.Network.HasCuts && _random.Next(2) == 0)
                {
                    sim.Heal();
                }

                break;
            default:
                Faults--;
                sim.Note(string.Create(CultureInfo.InvariantCulture, $"no fault applies (draw with {alive.Count} alive)"));
                break;
        }
    }

    private TimeSpan Max(Func<SimulatedNode, TimeSpan> of) =>
        _simulation.Nodes.Count == 0 ? TimeSpan.FromSeconds(1) : _simulation.Nodes.Max(of);

    private TimeSpan Fraction(TimeSpan of) => TimeSpan.FromTicks((long)(_random.NextDouble() * of.Ticks));

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
