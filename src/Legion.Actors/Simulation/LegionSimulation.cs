using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Simulation;

/// <summary>
/// A whole legion cluster in one process, in virtual time, replayable from a seed (as TigerBeetle's VOPR and
/// FoundationDB's simulator): each node is a real <see cref="LegionSupervisor"/> tree in its own
/// <see cref="ActorSystem"/>, on its own <see cref="SimulatedClock"/>, and every system runs on one shared
/// <see cref="DeterministicDispatcher"/> and one <see cref="VirtualTimeProvider"/>; the nodes talk over a
/// <see cref="SimulatedNetwork"/> with partitions, loss, duplication, latency and reordering. The same seed and
/// the same calls give the same <see cref="Trace"/>, byte for byte.
/// </summary>
/// <remarks>
/// <para>
/// Each legion gets its own multicast group on the simulated network (as <c>legion-mcast</c>), so a node added
/// later is heard by the others without reconfiguring them; node N gets the address <c>10.0.x.y:4242</c>.
/// </para>
/// <para>
/// Invariants, checked continuously unless <see cref="LegionSimulationOptions.CheckInvariants"/> is off, and
/// reported with the time and the seed:
/// <list type="bullet">
/// <item><c>lord-uniqueness</c>: once a legion's network has been <em>stable</em> for longer than
/// <see cref="SettleTime"/>, no group of nodes that hear each other has two Lords.</item>
/// <item><c>liveness</c>: by then each such group has a Lord, unless it holds no node with valor &gt; 0 or fewer
/// nodes than the quorum of its best candidate, or one of its nodes is kept from claiming by the peers it hears only
/// through announces dropped for clock skew (<see cref="Model.SkewRule"/>: its group is not the larger side).</item>
/// <item><c>lord-unlord-alternation</c>: per run of a node, <c>lord</c> and <c>unlord</c> strictly alternate,
/// starting with <c>lord</c>.</item>
/// <item><c>single-join</c>: <c>join</c> fires at most once per run of a node.</item>
/// <item><c>silent-when-down</c>: no event comes from a crashed, stopped or frozen node, nor from an earlier run.</item>
/// </list>
/// The network of a legion is stable while no fault changes (any call below restarts the count) and it is
/// <em>clean</em>: no random loss; the running nodes fall into groups that all hear each other both ways and hear
/// no one outside (links up, clocks well within each other's skew tolerance, latency jitter plus the announce
/// period below the tolerance). A paused node belongs to no group; a partition is clean, a one-way cut is not.
/// </para>
/// <para>
/// Not thread-safe: create, drive and read a simulation from one thread. Actions configured on the nodes should
/// complete synchronously (<c>log:</c>, or your own in-process kinds) for the run to be deterministic.
/// </para>
/// </remarks>
public sealed class LegionSimulation : IDisposable
{
    private static readonly TimeSpan DriftCheckInterval = TimeSpan.FromSeconds(1);

    private readonly List<SimulatedNode> _nodes = [];
    private readonly Dictionary<string, LegionWatch> _legions = new(StringComparer.Ordinal);
    private readonly List<Action<SimulatedEvent>> _observers = [];
    private readonly List<SimulationInvariantViolation> _violations = [];
    private readonly Random _identities;
    private readonly DateTimeOffset _start;
    private readonly Func<bool> _stopRequested;
    private readonly ITimer? _driftTimer;
    private SimulationInvariantViolation? _unreported;
    private ExceptionDispatchInfo? _observerFailure;
    private bool _driftTimerOn;
    private bool _disposed;

    /// <summary>Creates an empty simulation.</summary>
    /// <param name="seed">Seeds the dispatcher's interleaving, the network's faults and the nodes' uuids and pids.</param>
    /// <param name="options">How to run; null for the defaults (sealed datagrams, invariants on, no logs).</param>
    public LegionSimulation(int seed, LegionSimulationOptions? options = null)
    {
        Seed = seed;
        Options = options ?? new LegionSimulationOptions();
        Clock = new VirtualTimeProvider(Options.Start);
        _start = Clock.GetUtcNow();
        Dispatcher = new DeterministicDispatcher(seed);
        Network = new SimulatedNetwork(Clock, Mix(seed, 1), Options.Transport);
        _identities = new Random(Mix(seed, 2));
        Trace = new SimulationTrace(Options.KeepTrace);
        _stopRequested = () => _unreported is not null || _observerFailure is not null;
        if (Options.CheckInvariants)
        {
            _driftTimer = Clock.CreateTimer(static s => ((LegionSimulation)s!).OnDriftCheck(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The seed the simulation was created with.</summary>
    public int Seed { get; }

    /// <summary>How it runs.</summary>
    public LegionSimulationOptions Options { get; }

    /// <summary>The shared clock: true simulated time (each node reads it through its own <see cref="SimulatedClock"/>).</summary>
    public VirtualTimeProvider Clock { get; }

    /// <summary>The dispatcher every node's actors run on.</summary>
    public DeterministicDispatcher Dispatcher { get; }

    /// <summary>The simulated network (its counters, and finer faults such as a single cut link).</summary>
    public SimulatedNetwork Network { get; }

    /// <summary>Everything that happened so far.</summary>
    public SimulationTrace Trace { get; }

    /// <summary>Simulated time since the start.</summary>
    public TimeSpan Elapsed => Clock.GetUtcNow() - _start;

    /// <summary>Every node added, in order (crashed and stopped ones included).</summary>
    public IReadOnlyList<SimulatedNode> Nodes => _nodes;

    /// <summary>
    /// How many times a legion's network had been stable and clean for its <see cref="SettleTime"/>, so that Lord
    /// uniqueness and liveness were enforced from then on (until the next change): a measure of how much a run
    /// actually checked.
    /// </summary>
    public int SettledWindows { get; private set; }

    /// <summary>The invariant violations seen so far (with <see cref="LegionSimulationOptions.ThrowOnViolation"/> on, at most the one thrown).</summary>
    public IReadOnlyList<SimulationInvariantViolation> Violations => _violations;

    /// <summary>
    /// How long a legion's network must stay stable and clean before <c>lord-uniqueness</c> and <c>liveness</c>
    /// are enforced, for its current nodes: tolerance + claim fence (with a quorum of 2 or more) + frequency + twice
    /// the network's longest latency (the second one: or however long the datagrams now in flight still take, if
    /// longer, as after the latency was lowered), at the slowest node's clock rate, plus 100 ms. Why: a datagram
    /// already in flight when the network settled still arrives (even after a death announce, re-adding the dead
    /// node as a ghost); a node that left a group stays a member until it has been silent for the tolerance; until
    /// then checksums differ and votes stay at 0, so nothing changes (uWSGI keeps the current Lord); with a quorum,
    /// a node that heard its Lord go silent then waits the claim fence (<c>LegionSettings.ClaimFence</c>, 1.25
    /// frequencies) before it rises; then one more announce, one latency later, carries the new checksum, and the
    /// round that receives it elects. This is the fence and two latencies longer than "tolerance + frequency".
    /// </summary>
    /// <param name="legion">The legion.</param>
    /// <returns>The window; zero for a legion without nodes.</returns>
    public TimeSpan SettleTime(string legion)
    {
        ArgumentNullException.ThrowIfNull(legion);
        var nodes = _nodes.Where(n => n.Legion == legion && n.IsAlive).ToList();
        if (nodes.Count == 0)
        {
            return TimeSpan.Zero;
        }

        double slowest = nodes.Min(n => n.Clock.Drift);
        var tolerance = nodes.Max(n => n.Options.Tolerance);
        // With a quorum, a node that heard its Lord go silent waits the claim fence before it rises.
        var fence = nodes.Any(n => n.Options.Quorum >= 2) ? nodes.Max(n => n.Settings.ClaimFence) : TimeSpan.Zero;
        var frequency = nodes.Max(n => n.Options.Frequency);
        var lastArrival = Network.InFlightHorizon > Network.MaxLatency ? Network.InFlightHorizon : Network.MaxLatency;
        return ((tolerance + fence + frequency) / Math.Min(1.0, slowest)) + Network.MaxLatency + lastArrival + TimeSpan.FromMilliseconds(100);
    }

    /// <summary>
    /// Starts a node now: a new machine with its own clock and address, running one legion node with
    /// <paramref name="valor"/>. It announces at once and, as every node, holds no election for two frequencies.
    /// </summary>
    /// <param name="legion">The legion's name: non-empty, no white space.</param>
    /// <param name="valor">Its valor, 0..65535; 0 for an arbiter.</param>
    /// <param name="options">Timing, quorum, actions, name; null for uWSGI's defaults.</param>
    /// <returns>The node's handle.</returns>
    /// <exception cref="ArgumentException">The legion or node name is empty or contains white space, or the name is taken.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A duration or the quorum is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The simulation was disposed.</exception>
    public SimulatedNode AddNode(string legion, ushort valor, SimulatedNodeOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(legion);
        if (legion.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Legion name '{legion}' contains white space.", nameof(legion));
        }

        options ??= new SimulatedNodeOptions();
        Validate(options, legion);
        var id = _nodes.Count + 1;
        var name = options.Name ?? $"node-{id}";
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c == '/') || _nodes.Any(n => n.Name == name))
        {
            throw new ArgumentException($"Node name '{name}' is empty, taken, or contains white space or '/'.", nameof(options));
        }

        if (!_legions.TryGetValue(legion, out var watch))
        {
            var group = NodeAddress.Udp(string.Create(CultureInfo.InvariantCulture, $"239.0.{(_legions.Count + 1) >> 8 & 255}.{(_legions.Count + 1) & 255}"), 4242);
            _legions[legion] = watch = new LegionWatch(legion, group);
        }

        var address = NodeAddress.Udp(string.Create(CultureInfo.InvariantCulture, $"10.{id >> 16 & 255}.{id >> 8 & 255}.{id & 255}"), 4242);
        var node = new SimulatedNode(this, id, legion, valor, address, options with { Name = name }, new SimulatedClock(Clock));
        _nodes.Add(node);
        watch.Nodes.Add(node);
        Record("sim", string.Create(CultureInfo.InvariantCulture, $"add {name} legion={legion} valor={valor} quorum={options.Quorum} address={address}"));
        Start(node);
        return node;
    }

    /// <summary>Runs the simulation for <paramref name="duration"/> of simulated time.</summary>
    /// <param name="duration">Zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    /// <exception cref="SimulationInvariantException">An invariant broke; the clock stays at that moment.</exception>
    /// <exception cref="Exception">Whatever an observer (<see cref="Subscribe"/>) threw, rethrown as is.</exception>
    public void RunFor(TimeSpan duration)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        Dispatcher.RunUntil(Clock, Clock.GetUtcNow() + duration, _stopRequested);
        ThrowIfViolated();
    }

    /// <summary>
    /// Runs until <paramref name="condition"/> holds (checked whenever every actor is idle: now, and after each
    /// timer's work), or until <paramref name="limit"/> of simulated time has passed.
    /// </summary>
    /// <param name="condition">What to wait for, e.g. <c>() =&gt; sim.Lords("web").Count == 1</c>.</param>
    /// <param name="limit">The most simulated time to run; zero or more.</param>
    /// <returns>True if the condition held (the clock is then at the moment it first did); false at the limit.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    /// <exception cref="SimulationInvariantException">An invariant broke first.</exception>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero);
        var met = Dispatcher.RunUntil(Clock, Clock.GetUtcNow() + limit, () => _stopRequested() || condition());
        ThrowIfViolated();
        return met;
    }

    /// <summary>The nodes of <paramref name="legion"/> that believe they are its Lord now (frozen ones included: they act on it when thawed).</summary>
    /// <param name="legion">The legion.</param>
    /// <returns>The Lords, in node order; empty when there is none.</returns>
    public IReadOnlyList<SimulatedNode> Lords(string legion) =>
        _nodes.Where(n => n.Legion == legion && n.IsAlive && n.IsLord).ToList();

    /// <summary>
    /// Reads a running node's status (member table, election state, transport counters) from its supervisor,
    /// without moving simulated time: the node's actors run until idle, then the driving thread waits for the
    /// reply, which the supervisor completes on the thread pool.
    /// </summary>
    /// <param name="node">A running node.</param>
    /// <returns>The status, as <see cref="GetLegionStatus"/> answers it.</returns>
    /// <exception cref="InvalidOperationException">The node is not running (a frozen or dead node cannot answer).</exception>
    public LegionStatus Status(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (node.State != SimulatedNodeState.Running)
        {
            throw new InvalidOperationException($"{node.Name} is {node.State}; only a running node answers.");
        }

        var reply = node.Supervisor.Ask<LegionStatus>(GetLegionStatus.Instance, Timeout.InfiniteTimeSpan);
        Dispatcher.RunUntilIdle();
        return reply.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Subscribes to every legion event of every node, delivered synchronously as it fires. An exception thrown by
    /// the observer (a failed assertion, say) stops the run at that moment and is rethrown by
    /// <see cref="RunFor"/> or <see cref="RunUntil"/>.
    /// </summary>
    /// <param name="observer">Called on the driving thread, inside the simulation's run; may read the simulation but not drive it.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    public IDisposable Subscribe(Action<SimulatedEvent> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Add(observer);
        return new Subscription(() => _observers.Remove(observer));
    }

    /// <summary>Cuts every link between the two sides, both ways (a network partition).</summary>
    /// <param name="side">Nodes on one side.</param>
    /// <param name="otherSide">Nodes on the other side.</param>
    public void Partition(IEnumerable<SimulatedNode> side, IEnumerable<SimulatedNode> otherSide) => Partition(side, otherSide, oneWay: false);

    /// <summary>Cuts every link from <paramref name="from"/> to <paramref name="to"/>, one way only: <paramref name="to"/> stops hearing <paramref name="from"/>.</summary>
    /// <param name="from">The senders that go unheard.</param>
    /// <param name="to">The receivers that stop hearing them.</param>
    public void PartitionOneWay(IEnumerable<SimulatedNode> from, IEnumerable<SimulatedNode> to) => Partition(from, to, oneWay: true);

    /// <summary>Cuts every link between <paramref name="node"/> and every other node, both ways.</summary>
    /// <param name="node">The node to isolate.</param>
    public void Isolate(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Partition([node], _nodes.Where(n => n != node), oneWay: false);
    }

    /// <summary>Restores every cut link (partitions and one-way cuts). Loss, latency and the like are unchanged.</summary>
    public void Heal()
    {
        Network.Heal();
        Changed("heal");
    }

    /// <summary>Sets the probability that a datagram is lost (every link).</summary>
    /// <param name="probability">0 (default) to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not within [0, 1].</exception>
    public void SetLoss(double probability)
    {
        Network.SetLoss(probability);
        Changed(string.Create(CultureInfo.InvariantCulture, $"loss {probability:0.###}"));
    }

    /// <summary>Sets the probability that a datagram arrives twice.</summary>
    /// <param name="probability">0 (default) to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not within [0, 1].</exception>
    public void SetDuplication(double probability)
    {
        Network.SetDuplication(probability);
        Changed(string.Create(CultureInfo.InvariantCulture, $"duplication {probability:0.###}"));
    }

    /// <summary>Sets reordering: with <paramref name="probability"/> a datagram is held back up to <paramref name="maxDelay"/>, so later ones overtake it.</summary>
    /// <param name="probability">0 (default, off) to 1.</param>
    /// <param name="maxDelay">The longest extra delay; positive when the probability is.</param>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="SimulatedNetwork.SetReordering"/>.</exception>
    public void SetReordering(double probability, TimeSpan maxDelay)
    {
        Network.SetReordering(probability, maxDelay);
        Changed(string.Create(CultureInfo.InvariantCulture, $"reordering {probability:0.###} up to {maxDelay:c}"));
    }

    /// <summary>Sets the one-way delay of every datagram, drawn uniformly in [min, max].</summary>
    /// <param name="min">Zero (default) or more.</param>
    /// <param name="max">At least <paramref name="min"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="min"/> is negative or <paramref name="max"/> is less than it.</exception>
    public void SetLatency(TimeSpan min, TimeSpan max)
    {
        Network.SetLatency(min, max);
        Changed(string.Create(CultureInfo.InvariantCulture, $"latency {min:c}..{max:c}"));
    }

    /// <summary>
    /// Kills a node's process at once (SIGKILL, power cut): no <c>death</c> actions, no death announce; its peers
    /// notice only when it has been silent for their tolerance. Datagrams it already sent still arrive.
    /// </summary>
    /// <param name="node">A running or frozen node.</param>
    /// <exception cref="InvalidOperationException">The node is not alive.</exception>
    public void Crash(SimulatedNode node)
    {
        RequireAlive(node);
        Kill(node, SimulatedNodeState.Crashed);
        Changed(null);
    }

    /// <summary>
    /// Shuts a node down cleanly, as SIGTERM does: its <c>death</c> actions run, then a death announce removes it
    /// from its peers at once, then the process exits (<see cref="SimulatedNodeState.Stopped"/>). Takes effect as
    /// the simulation runs; a frozen node leaves once thawed.
    /// </summary>
    /// <param name="node">A running or frozen node.</param>
    /// <exception cref="InvalidOperationException">The node is not alive.</exception>
    public void Stop(SimulatedNode node)
    {
        RequireAlive(node);
        node.Supervisor.Tell(LeaveLegion.Instance);
        Record(node.Name, "stop requested");
    }

    /// <summary>
    /// Restarts a node as a new process: a running or frozen node is killed first (as <see cref="Crash"/>), then
    /// a new run starts with a new uuid and pid, the same address, valor and clock, and the same options unless
    /// new ones are given (a restart with a changed configuration, e.g. a rotated secret).
    /// </summary>
    /// <param name="node">Any node of this simulation.</param>
    /// <param name="options">The options of the new run; null keeps the current ones. Its name is ignored: the node keeps its own.</param>
    /// <exception cref="ArgumentOutOfRangeException">A duration or the quorum in <paramref name="options"/> is out of range.</exception>
    public void Restart(SimulatedNode node, SimulatedNodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (options is not null)
        {
            Validate(options, node.Legion);
            node.Options = options with { Name = node.Name };
        }

        if (node.IsAlive)
        {
            Kill(node, SimulatedNodeState.Crashed);
        }

        Start(node);
    }

    /// <summary>
    /// Pauses a node's process (SIGSTOP, a stalled VM, a long GC pause): nothing of it runs; datagrams to it wait
    /// as in a socket buffer; its timers fire once each when thawed. It still believes what it believed, e.g. that
    /// it is the Lord.
    /// </summary>
    /// <param name="node">A running node.</param>
    /// <exception cref="InvalidOperationException">The node is not running.</exception>
    public void Freeze(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.State != SimulatedNodeState.Running)
        {
            throw new InvalidOperationException($"{node.Name} is {node.State}; only a running node can be frozen.");
        }

        Dispatcher.Freeze(node.System);
        node.Clock.Freeze();
        node.State = SimulatedNodeState.Frozen;
        Changed(null, node.Name, "freeze");
    }

    /// <summary>Resumes a frozen node: queued datagrams are processed and due timers fire once.</summary>
    /// <param name="node">A frozen node.</param>
    /// <exception cref="InvalidOperationException">The node is not frozen.</exception>
    public void Thaw(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.State != SimulatedNodeState.Frozen)
        {
            throw new InvalidOperationException($"{node.Name} is {node.State}; only a frozen node can be thawed.");
        }

        node.State = SimulatedNodeState.Running;
        Dispatcher.Thaw(node.System);
        node.Clock.Thaw();
        Changed(null, node.Name, "thaw");
    }

    /// <summary>Sets how far a node's wall clock is off (positive: ahead). Its monotonic clock and timers are unaffected.</summary>
    /// <param name="node">The node (its machine: the offset survives restarts).</param>
    /// <param name="offset">The offset; replaces any earlier offset or jumps.</param>
    public void SetClockOffset(SimulatedNode node, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.Clock.Offset = offset;
        Changed(null, node.Name, string.Create(CultureInfo.InvariantCulture, $"clock-offset {offset:c}"));
    }

    /// <summary>Makes a node's clock run fast or slow: wall clock, monotonic clock and timers alike.</summary>
    /// <param name="node">The node (its machine: the drift survives restarts).</param>
    /// <param name="ratio">Local seconds per simulated second, positive: 1.0 is exact, 1.01 is 1 % fast.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratio"/> is not a positive finite number.</exception>
    public void SetClockDrift(SimulatedNode node, double ratio)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.Clock.Drift = ratio;
        Changed(null, node.Name, string.Create(CultureInfo.InvariantCulture, $"clock-drift {ratio:0.######}"));
    }

    /// <summary>Steps a node's wall clock by <paramref name="by"/> (an NTP step, an operator's <c>date -s</c>).</summary>
    /// <param name="node">The node.</param>
    /// <param name="by">Forward (positive) or backward (negative).</param>
    public void JumpClock(SimulatedNode node, TimeSpan by)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.Clock.Jump(by);
        Changed(null, node.Name, string.Create(CultureInfo.InvariantCulture, $"clock-jump {by:c}"));
    }

    /// <summary>Writes a line of your own into the trace (e.g. a test step), covered by the hash like any other.</summary>
    /// <param name="text">The text; one line.</param>
    public void Note(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Record("note", text.ReplaceLineEndings(" "));
    }

    /// <summary>Stops every node without ceremony; the simulation cannot run afterwards. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        foreach (var node in _nodes.Where(n => n.IsAlive))
        {
            Dispatcher.Freeze(node.System);
            node.Clock.DisposeTimers();
        }

        _driftTimer?.Dispose();
        _disposed = true;
    }

    internal static int Mix(int seed, int stream)
    {
        // SplitMix64 finaliser: independent-looking streams from one seed.
        var z = unchecked((ulong)(uint)seed + ((ulong)(uint)stream * 0x9E3779B97F4A7C15UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }

    private static void Validate(SimulatedNodeOptions options, string legion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Quorum, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Frequency, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Tolerance, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SkewTolerance, TimeSpan.Zero, nameof(options));
        foreach (var actor in options.LordOnlyActors)
        {
            ArgumentNullException.ThrowIfNull(actor, nameof(options));
            actor.Validate();
            if (actor.Legion != legion)
            {
                throw new ArgumentException($"Lord-only actor '{actor.Name}' is bound to legion '{actor.Legion}', but the node belongs to '{legion}'.", nameof(options));
            }
        }

        if (options.LordOnlyActors.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Lord-only actor name '{twice.Key}' is used twice on one node.", nameof(options));
        }

        foreach (var subscriber in options.Subscribers)
        {
            ArgumentNullException.ThrowIfNull(subscriber, nameof(options));
            if (subscriber.Name.Length == 0 || !subscriber.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                || subscriber.Name.StartsWith("legion-", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{subscriber.Name}' is not a subscriber name: letters, digits, '-', '_' and '.' only, not 'legion-*'.", nameof(options));
            }
        }

        if (options.Subscribers.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } taken)
        {
            throw new ArgumentException($"Subscriber name '{taken.Key}' is used twice on one node.", nameof(options));
        }
    }

    /// <summary>Props that name no dispatcher run on the seeded one, as the legion's own actors do.</summary>
    private static Props Seeded(Props props) =>
        props.Dispatcher == Akka.Dispatch.Dispatchers.DefaultDispatcherId ? props.WithDispatcher(LegionDispatcher.Id) : props;

    private void Partition(IEnumerable<SimulatedNode> side, IEnumerable<SimulatedNode> otherSide, bool oneWay)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(otherSide);
        var a = side.ToList();
        var b = otherSide.ToList();
        Network.Partition(a.Select(n => n.Address), b.Select(n => n.Address), oneWay);
        Changed($"{(oneWay ? "partition-one-way" : "partition")} [{string.Join(' ', a)}] {(oneWay ? "->" : "|")} [{string.Join(' ', b)}]");
    }

    private void Start(SimulatedNode node)
    {
        var run = node.Incarnation + 1;
        var options = node.Options;
        var definition = new LegionDefinition
        {
            Name = node.Legion,
            Address = node.Address,
            Valor = node.Valor,
            Cipher = options.Cipher,
            Secret = options.Secret,
            Nodes = [_legions[node.Legion].Group],
            Quorum = options.Quorum,
            Actions = options.EventActions,
            Scroll = options.Scroll,
            NextSecret = options.NextSecret,
            LordLease = options.LordLease,
            Version = options.Version,
            LeaveWhenOutdated = options.LeaveWhenOutdated,
            HealthChecks = options.HealthChecks,
            Source = "simulation",
        };
        var nodeOptions = new LegionOptions
        {
            Frequency = options.Frequency,
            Tolerance = options.Tolerance,
            SkewTolerance = options.SkewTolerance,
            ActionTimeout = options.ActionTimeout,
            DeathOnLordError = options.DeathOnLordError,
            ScrollMaxSize = options.ScrollMaxSize,
            Legions = [definition],
        };
        var settings = LegionSettings.Create(nodeOptions, definition, new NodeIdentity(node.Name, _identities.Next(100, 4_194_304), node.Valor, NewUuid()),
            options.Actions?.Invoke(node) ?? LegionActionRegistry.CreateDefault(), new LegionSignalBus(), LegionAlarms.None,
            options.HealthRunner?.Invoke(node) ?? Health.HealthCheckRunner.Default) with
        {
            LordOnlyActors = options.LordOnlyActors.Select(a => a with { Props = Seeded(a.Props) }).ToList(),
        };

        var system = LegionActorSystem.Create(
            node.Name,
            new LegionRuntimeSetup { Clock = node.Clock, Runner = Dispatcher.CreateRunner(), LoggerFactory = Options.LoggerFactory },
            DeterministicDispatcher.Config);
        node.Incarnation = run;
        node.Settings = settings;
        node.System = system;
        node.State = SimulatedNodeState.Running;
        node.IsLord = false;
        node.HasJoined = false;
        system.Subscribe<LegionEventFired>(fired => OnEvent(node, run, fired));
        system.Subscribe<LegionActionCompleted>(done => OnActionCompleted(node, run, done));
        system.Subscribe<LegionIdentityChanged>(changed => OnIdentityChanged(node, run, changed));
        if (options.Subscribers.Count > 0)
        {
            foreach (var subscriber in options.Subscribers)
            {
                system.ActorOfStarted(Seeded(subscriber.Props(node)), subscriber.Name);
            }

            // Their constructors and PreStart (where they subscribe) run before the legion's first event, whatever the seed.
            Dispatcher.RunUntilIdle();
        }

        node.Supervisor = system.ActorOfStarted(LegionSupervisor.Props(settings, Network.TransportProps), "legion-" + node.Legion);
        var port = Network.PortOf(node.Address);
        port.DeathAnnounced = valor => OnDeathAnnounced(node, run, valor);
        Network.Reconnect(node.Address);
        Changed(null, node.Name, string.Create(CultureInfo.InvariantCulture, $"start run={run} pid={settings.Self.Pid} uuid={settings.Self.Uuid}"));
    }

    private string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _identities.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, in Guid's little-endian field order
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    private void Kill(SimulatedNode node, SimulatedNodeState state)
    {
        Dispatcher.Retire(node.System);
        node.Clock.DisposeTimers();
        Network.Disconnect(node.Address);
        node.State = state;
        node.IsLord = false;
        Record(node.Name, string.Create(CultureInfo.InvariantCulture, $"{(state == SimulatedNodeState.Stopped ? "exit" : "crash")} run={node.Incarnation}"));
    }

    private void OnDeathAnnounced(SimulatedNode node, int run, ulong valor)
    {
        // The death of an identity the node no longer has is a runtime valor change (new identity first, then the
        // old one's death), not the process leaving.
        if (node.Incarnation == run && node.IsAlive && valor == node.Identity.Valor)
        {
            Kill(node, SimulatedNodeState.Stopped);
            Changed(null);
        }
    }

    /// <summary>A runtime valor change (step-down, health penalty, operator): the node's identity follows, and the legion's stability count restarts.</summary>
    private void OnIdentityChanged(SimulatedNode node, int run, LegionIdentityChanged changed)
    {
        if (node.Incarnation != run)
        {
            return;
        }
        node.Settings = node.Settings with { Self = changed.Current };
        Changed(null, node.Name, string.Create(CultureInfo.InvariantCulture, $"identity run={run} valor {changed.Previous.Valor}->{changed.Current.Valor}: {changed.Reason}"));
    }

    private void RequireAlive(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!node.IsAlive)
        {
            throw new InvalidOperationException($"{node.Name} is {node.State}; restart it first.");
        }
    }

    private void OnEvent(SimulatedNode node, int run, LegionEventFired fired)
    {
        var phase = LegionActionContext.PhaseOf(fired.Event);
        var detail = fired.Member is { } member
            ? string.Create(CultureInfo.InvariantCulture, $"{phase} run={run} member={member.Name}/{member.Valor}/{member.Uuid}")
            : string.Create(CultureInfo.InvariantCulture, $"{phase} run={run} lord={fired.Lord}");
        Record(node.Name, detail);
        if (Options.CheckInvariants)
        {
            CheckEvent(node, run, fired.Event);
        }

        switch (fired.Event)
        {
            case LegionEvent.Lord:
                node.IsLord = true;
                break;
            case LegionEvent.Unlord:
                node.IsLord = false;
                break;
            case LegionEvent.Join:
                node.HasJoined = true;
                break;
        }

        if (Options.CheckInvariants && fired.Event is LegionEvent.Lord or LegionEvent.Unlord && _legions[node.Legion].Settled)
        {
            CheckSettled(_legions[node.Legion]);
        }

        if (_observers.Count > 0)
        {
            var observed = new SimulatedEvent(Elapsed, node, run, fired);
            foreach (var observer in _observers.ToArray())
            {
                try
                {
                    observer(observed);
                }
                catch (Exception e)
                {
                    // Thrown inside a node's actor, it would only be logged: stop the run and rethrow it to the driver.
                    _observerFailure ??= ExceptionDispatchInfo.Capture(e);
                }
            }
        }
    }

    private void CheckEvent(SimulatedNode node, int run, LegionEvent legionEvent)
    {
        if (run != node.Incarnation || node.State != SimulatedNodeState.Running)
        {
            Violate("silent-when-down", node.Legion, $"{node.Name} (run {run}) fired {legionEvent} while {(run != node.Incarnation ? $"run {node.Incarnation} is current" : node.State.ToString().ToLowerInvariant())}");
        }
        else if (legionEvent == LegionEvent.Lord && node.IsLord)
        {
            Violate("lord-unlord-alternation", node.Legion, $"{node.Name} fired lord twice without unlord");
        }
        else if (legionEvent == LegionEvent.Unlord && !node.IsLord)
        {
            Violate("lord-unlord-alternation", node.Legion, $"{node.Name} fired unlord without being Lord");
        }
        else if (legionEvent == LegionEvent.Join && node.HasJoined)
        {
            Violate("single-join", node.Legion, $"{node.Name} fired join twice in run {run}");
        }
    }

    private void OnActionCompleted(SimulatedNode node, int run, LegionActionCompleted done)
    {
        var outcome = done.Result.Succeeded ? "ok" : done.Result.TimedOut ? "timed-out" : "failed";
        Record(node.Name, string.Create(CultureInfo.InvariantCulture, $"action run={run} {LegionActionContext.PhaseOf(done.Event)} {done.Action} {outcome}"));
    }

    private void Record(string source, string text) => Trace.Append(Elapsed, source, text);

    private void Changed(string? what, string? source = null, string? text = null)
    {
        if (what is not null)
        {
            Record("sim", what);
        }

        if (text is not null)
        {
            Record(source!, text);
        }

        if (!Options.CheckInvariants || _disposed)
        {
            return;
        }

        foreach (var watch in _legions.Values)
        {
            Reassess(watch, force: true);
        }

        var drifting = _nodes.Any(n => n.IsAlive && n.Clock.Drift != 1.0);
        if (drifting != _driftTimerOn)
        {
            _driftTimerOn = drifting;
            _driftTimer!.Change(drifting ? DriftCheckInterval : Timeout.InfiniteTimeSpan, drifting ? DriftCheckInterval : Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDriftCheck()
    {
        foreach (var watch in _legions.Values)
        {
            Reassess(watch, force: false);
        }
    }

    /// <summary>Recomputes who hears whom in a legion; a change (or any fault call) restarts its stability count.</summary>
    private void Reassess(LegionWatch watch, bool force)
    {
        var groups = Groups(watch, out var clean);
        if (!force && clean == watch.Clean && groups.AsSpan().SequenceEqual(watch.GroupOf))
        {
            return;
        }

        watch.GroupOf = groups;
        watch.Clean = clean;
        watch.Settled = false;
        watch.StableSince = Elapsed;
        if (clean && groups.Any(g => g >= 0))
        {
            watch.ArmSettle(Clock, SettleTime(watch.Legion), () => OnSettled(watch));
        }
        else
        {
            watch.DisarmSettle();
        }
    }

    private void OnSettled(LegionWatch watch)
    {
        watch.Settled = true;
        SettledWindows++;
        var groups = watch.GroupOf.Select((g, i) => (g, i)).Where(x => x.g >= 0).GroupBy(x => x.g)
            .Select(g => $"[{string.Join(' ', g.Select(x => watch.Nodes[x.i].Name))}]");
        Record("sim", $"settled {watch.Legion} {string.Join(' ', groups)} lords=[{string.Join(' ', Lords(watch.Legion))}]");
        CheckSettled(watch);
    }

    /// <summary>The group of each node of the legion (-1: not running), and whether the picture is clean.</summary>
    private int[] Groups(LegionWatch watch, out bool clean)
    {
        var nodes = watch.Nodes;
        var count = nodes.Count;
        var groups = new int[count];
        clean = Network.Loss == 0;
        var jitter = Network.MaxLatency - Network.MinLatency;
        var hears = watch.Hears(count);
        for (var i = 0; i < count; i++)
        {
            groups[i] = nodes[i].State == SimulatedNodeState.Running ? i : -1;
        }

        for (var i = 0; i < count && clean; i++)
        {
            if (groups[i] < 0)
            {
                continue;
            }

            for (var j = 0; j < count && clean; j++)
            {
                if (i == j || groups[j] < 0)
                {
                    continue;
                }

                var sender = nodes[i];
                var receiver = nodes[j];
                var period = sender.Options.Frequency / Math.Min(1.0, sender.Clock.Drift);
                if (period + jitter >= receiver.Options.Tolerance / Math.Max(1.0, receiver.Clock.Drift))
                {
                    clean = false; // announces could arrive further apart than the tolerance: members would flap
                }

                var linked = Network.CanReach(sender.Address, receiver.Address);
                var skew = SkewVerdict(sender, receiver);
                if (skew is null)
                {
                    clean = false;
                }

                hears[(i * count) + j] = linked && skew == true;
            }
        }

        if (!clean)
        {
            return groups;
        }

        // Mutual hearing must be symmetric and transitive (each group a clique, nothing across groups).
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                if (hears[(i * count) + j] != hears[(j * count) + i])
                {
                    clean = false;
                    return groups;
                }

                if (hears[(i * count) + j] && groups[j] > groups[i])
                {
                    groups[j] = groups[i];
                }
            }
        }

        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                if (i != j && groups[i] >= 0 && groups[j] >= 0 && (groups[i] == groups[j]) != hears[(i * count) + j])
                {
                    clean = false;
                    return groups;
                }
            }
        }

        return groups;
    }

    /// <summary>
    /// Whether <paramref name="receiver"/> accepts <paramref name="sender"/>'s announces given their clocks: true,
    /// false (too old, or too far in the future: both are dropped), or null when too close to the skew tolerance to
    /// be sure (uWSGI compares whole seconds).
    /// </summary>
    private bool? SkewVerdict(SimulatedNode sender, SimulatedNode receiver)
    {
        var lead = (sender.Clock.Error - receiver.Clock.Error).TotalSeconds;
        var tolerance = receiver.Options.SkewTolerance.TotalSeconds;
        const double Margin = 1.5; // whole-second truncation on both sides, plus drift between checks
        var earliest = lead - Network.MaxLatency.TotalSeconds; // the sender's lead as the receiver reads it on arrival
        var latest = lead - Network.MinLatency.TotalSeconds;
        if (earliest > -tolerance + Margin && latest < tolerance - Margin)
        {
            return true;
        }

        return latest < -tolerance - Margin || earliest > tolerance + Margin ? false : null;
    }

    /// <summary>
    /// Whether <see cref="Model.SkewRule"/> lets every node of <paramref name="members"/> (one group that hears each
    /// other) claim lordship, given the running nodes outside it that reach it only through skew-dropped announces.
    /// </summary>
    private bool SkewAllowsClaim(LegionWatch watch, List<SimulatedNode> members)
    {
        var bestOfGroup = members.OrderByDescending(n => n.Identity.Valor).ThenByDescending(n => n.Identity.Uuid, StringComparer.Ordinal).First();
        foreach (var receiver in members)
        {
            var skewed = watch.Nodes.Where(sender => sender.State == SimulatedNodeState.Running && !members.Contains(sender)
                && Network.CanReach(sender.Address, receiver.Address) && SkewVerdict(sender, receiver) == false).ToList();
            bool allowed = skewed.Count < members.Count
                || (skewed.Count == members.Count && skewed.All(p => Model.Election.Beats(bestOfGroup.Identity.Valor, bestOfGroup.Identity.Uuid, p.Identity.Valor, p.Identity.Uuid)));
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    private void CheckSettled(LegionWatch watch)
    {
        if (!watch.Clean || !watch.Settled)
        {
            return;
        }

        var nodes = watch.Nodes;
        foreach (var group in watch.GroupOf.Where(g => g >= 0).Distinct())
        {
            var members = nodes.Where((_, i) => watch.GroupOf[i] == group).ToList();
            var lords = members.Where(n => n.IsLord).ToList();
            var since = watch.StableSince;
            if (lords.Count > 1)
            {
                Violate("lord-uniqueness", watch.Legion, $"{string.Join(" and ", lords)} are Lord at the same time, though [{string.Join(' ', members)}] have heard each other since {since:c}");
                return;
            }

            // The valor each node announces now (runtime changes included), not the configured one.
            var best = members.Where(n => !n.Identity.IsArbiter).OrderByDescending(n => n.Identity.Valor).ThenByDescending(n => n.Identity.Uuid, StringComparer.Ordinal).FirstOrDefault();
            if (lords.Count == 0 && best is not null && members.Count >= best.Options.Quorum && SkewAllowsClaim(watch, members))
            {
                Violate("liveness", watch.Legion, $"no Lord among [{string.Join(' ', members)}] (candidate {best}, quorum {best.Options.Quorum}), though they have heard each other since {since:c}");
                return;
            }
        }
    }

    private void Violate(string invariant, string legion, string message)
    {
        var violation = new SimulationInvariantViolation(invariant, Elapsed, Seed, legion, message);
        _violations.Add(violation);
        Record("sim", $"violation {invariant}: {message}");
        if (Options.ThrowOnViolation)
        {
            _unreported ??= violation;
        }
    }

    private void ThrowIfViolated()
    {
        if (_observerFailure is { } failure)
        {
            _observerFailure = null;
            failure.Throw();
        }

        if (_unreported is { } violation)
        {
            _unreported = null;
            throw new SimulationInvariantException(violation, Trace.ToString(40));
        }
    }

    /// <summary>What the invariant checker knows about one legion.</summary>
    private sealed class LegionWatch(string legion, NodeAddress group)
    {
        private ITimer? _settleTimer;
        private bool[] _hears = [];

        public string Legion { get; } = legion;

        public NodeAddress Group { get; } = group;

        public List<SimulatedNode> Nodes { get; } = [];

        public int[] GroupOf { get; set; } = [];

        public bool Clean { get; set; }

        public bool Settled { get; set; }

        public TimeSpan StableSince { get; set; }

        /// <summary>A cleared count × count matrix of who hears whom (row: sender), reused between checks.</summary>
        public bool[] Hears(int count)
        {
            if (_hears.Length < count * count)
            {
                _hears = new bool[count * count];
            }

            Array.Clear(_hears, 0, count * count);
            return _hears;
        }

        public void ArmSettle(VirtualTimeProvider clock, TimeSpan after, Action settled)
        {
            _settleTimer ??= clock.CreateTimer(static s => ((Action)s!)(), settled, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _settleTimer.Change(after, Timeout.InfiniteTimeSpan);
        }

        public void DisarmSettle() => _settleTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose()
        {
            _dispose?.Invoke();
            _dispose = null;
        }
    }
}
