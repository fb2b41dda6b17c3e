using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;

namespace Legion.Actors.Simulation;

/// <summary>
/// A seeded datagram network for simulated legion nodes, in virtual time. Pass <see cref="TransportProps"/> as the
/// transport of a <see cref="LegionSupervisor"/>: its node then binds its <see cref="LegionDefinition.Address"/>
/// here and sends to its <see cref="LegionDefinition.Nodes"/>. A unicast node address reaches the node bound to it;
/// a multicast group address (224.0.0.0/4) reaches every other node whose own nodes list that group, as
/// <c>legion-mcast</c> does (a sender does not hear itself: its own announce would be ignored anyway).
/// </summary>
/// <remarks>
/// <para>
/// Faults: links cut one way or both (<see cref="Cut"/>, <see cref="Partition"/>, <see cref="Heal"/>), random loss,
/// duplication, latency and reordering (<see cref="SetLoss"/>, <see cref="SetDuplication"/>,
/// <see cref="SetLatency"/>, <see cref="SetReordering"/>), and machines unplugged (<see cref="Disconnect"/>).
/// Cuts and unplugging are checked when a datagram arrives, so a datagram still in flight when a link is cut is
/// lost. Every random choice comes from one <see cref="Random"/> seeded at construction, and draws happen only
/// for the faults that are on, so a network without faults consumes no randomness.
/// </para>
/// <para>
/// Not thread-safe: use it from the thread that drives the simulation; the transport actors call it from their
/// turn on a <see cref="DeterministicDispatcher"/> running on that same thread.
/// </para>
/// </remarks>
public sealed class SimulatedNetwork
{
    private readonly VirtualTimeProvider _clock;
    private readonly Random _random;
    private readonly List<SimulatedPort> _ports = [];
    private readonly Dictionary<NodeAddress, SimulatedPort> _byAddress = [];
    private readonly Dictionary<NodeAddress, List<SimulatedPort>> _groups = [];
    private readonly List<SimulatedCapture> _captures = [];
    private readonly PriorityQueue<InFlight, (long Due, long Sequence)> _inFlight = new();
    private readonly ITimer _deliveryTimer;
    private long _armedFor = long.MaxValue;
    private long _lastDue = long.MinValue;
    private long _sequence;
    private int _topologyVersion;
    private int _cuts;
    private double _loss;
    private double _duplication;
    private double _reordering;
    private long _minLatency;
    private long _maxLatency;
    private long _reorderDelay;

    /// <summary>Creates a network without faults.</summary>
    /// <param name="clock">The simulation's shared clock: latency is measured on it.</param>
    /// <param name="seed">Seeds every random fault decision.</param>
    /// <param name="transport">How announces travel; default <see cref="SimulationTransport.SealedDatagrams"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    public SimulatedNetwork(VirtualTimeProvider clock, int seed = 0, SimulationTransport transport = SimulationTransport.SealedDatagrams)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _random = new Random(seed);
        Transport = transport;
        _deliveryTimer = clock.CreateTimer(static state => ((SimulatedNetwork)state!).DeliverDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        TransportProps = (settings, membership) => SimulatedTransport.Props(this, settings, membership);
    }

    /// <summary>How announces travel (sealed bytes or shared announce objects).</summary>
    public SimulationTransport Transport { get; }

    /// <summary>
    /// The transport factory to pass to <see cref="LegionSupervisor.Props"/> (or <see cref="StartLegion"/>): the
    /// node's transport child binds the node's address on this network.
    /// </summary>
    public Func<LegionSettings, IActorRef, Props> TransportProps { get; }

    /// <summary>Probability in [0, 1] that a datagram is lost; default 0.</summary>
    public double Loss => _loss;

    /// <summary>Probability in [0, 1] that a datagram arrives twice; default 0.</summary>
    public double Duplication => _duplication;

    /// <summary>Shortest one-way delay; default zero (delivered in the sender's turn).</summary>
    public TimeSpan MinLatency => TimeSpan.FromTicks(_minLatency);

    /// <summary>Longest one-way delay, reordering delay included; default zero.</summary>
    public TimeSpan MaxLatency => TimeSpan.FromTicks(_maxLatency + (_reordering > 0 ? _reorderDelay : 0));

    /// <summary>Probability in [0, 1] that a datagram is held back by up to the reordering delay; default 0.</summary>
    public double Reordering => _reordering;

    /// <summary>True while at least one link is cut.</summary>
    public bool HasCuts => _cuts > 0;

    /// <summary>Datagrams handed to the network (one per receiver).</summary>
    public long DatagramsSent { get; private set; }

    /// <summary>Datagrams that reached a transport.</summary>
    public long DatagramsDelivered { get; private set; }

    /// <summary>Datagrams lost at random (<see cref="SetLoss"/>).</summary>
    public long DatagramsLost { get; private set; }

    /// <summary>Datagrams stopped by a cut link or an unplugged receiver.</summary>
    public long DatagramsBlocked { get; private set; }

    /// <summary>Extra copies created by <see cref="SetDuplication"/>.</summary>
    public long DatagramsDuplicated { get; private set; }

    /// <summary>Datagrams on their way (latency).</summary>
    public int DatagramsInFlight => _inFlight.Count;

    /// <summary>
    /// How long until the last datagram now in flight arrives; zero when none is. It can exceed
    /// <see cref="MaxLatency"/> when the latency was just lowered.
    /// </summary>
    public TimeSpan InFlightHorizon =>
        _inFlight.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, _lastDue - _clock.GetUtcNow().UtcTicks));

    /// <summary>The addresses bound so far, in bind order.</summary>
    public IEnumerable<NodeAddress> Addresses => _ports.Select(p => p.Address);

    /// <summary>Sets the probability that a datagram is lost.</summary>
    /// <param name="probability">0 (default) to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not within [0, 1].</exception>
    public void SetLoss(double probability) => _loss = Probability(probability);

    /// <summary>Sets the probability that a datagram is delivered twice (each copy with its own latency).</summary>
    /// <param name="probability">0 (default) to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not within [0, 1].</exception>
    public void SetDuplication(double probability) => _duplication = Probability(probability);

    /// <summary>Sets the one-way delay: each datagram takes a uniformly drawn time in [min, max].</summary>
    /// <param name="min">Zero or more.</param>
    /// <param name="max">At least <paramref name="min"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="min"/> is negative or <paramref name="max"/> is less than it.</exception>
    public void SetLatency(TimeSpan min, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        _minLatency = min.Ticks;
        _maxLatency = max.Ticks;
    }

    /// <summary>
    /// Sets reordering: with <paramref name="probability"/>, a datagram is held back by an extra delay drawn in
    /// (0, <paramref name="maxDelay"/>], so later datagrams overtake it.
    /// </summary>
    /// <param name="probability">0 (default, off) to 1.</param>
    /// <param name="maxDelay">Largest extra delay; positive when <paramref name="probability"/> is.</param>
    /// <exception cref="ArgumentOutOfRangeException">The probability is not within [0, 1], or the delay is negative, or zero with a positive probability.</exception>
    public void SetReordering(double probability, TimeSpan maxDelay)
    {
        Probability(probability);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);
        if (probability > 0 && maxDelay == TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, "Reordering needs a positive delay.");
        }

        _reordering = probability;
        _reorderDelay = maxDelay.Ticks;
    }

    /// <summary>Cuts the link from one address to another, one way: datagrams from <paramref name="from"/> to <paramref name="to"/> are lost.</summary>
    /// <param name="from">The sender's address.</param>
    /// <param name="to">The receiver's address.</param>
    /// <exception cref="ArgumentNullException">An address is null.</exception>
    public void Cut(NodeAddress from, NodeAddress to) => SetCut(PortOf(from), PortOf(to), true);

    /// <summary>Restores the link from one address to another (one way).</summary>
    /// <param name="from">The sender's address.</param>
    /// <param name="to">The receiver's address.</param>
    /// <exception cref="ArgumentNullException">An address is null.</exception>
    public void Restore(NodeAddress from, NodeAddress to) => SetCut(PortOf(from), PortOf(to), false);

    /// <summary>
    /// Cuts every link between the two sides: both ways, or with <paramref name="oneWay"/> only from
    /// <paramref name="side"/> to <paramref name="otherSide"/>. Links within a side are untouched.
    /// </summary>
    /// <param name="side">Addresses of one side.</param>
    /// <param name="otherSide">Addresses of the other side.</param>
    /// <param name="oneWay">True to cut only the direction from <paramref name="side"/> to <paramref name="otherSide"/>.</param>
    /// <exception cref="ArgumentNullException">A side is null.</exception>
    public void Partition(IEnumerable<NodeAddress> side, IEnumerable<NodeAddress> otherSide, bool oneWay = false)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(otherSide);
        var others = otherSide.ToList();
        foreach (var a in side)
        {
            foreach (var b in others)
            {
                if (a == b)
                {
                    continue;
                }

                Cut(a, b);
                if (!oneWay)
                {
                    Cut(b, a);
                }
            }
        }
    }

    /// <summary>Restores every cut link. Loss, duplication, latency and unplugged machines are unchanged.</summary>
    public void Heal()
    {
        foreach (var port in _ports)
        {
            Array.Clear(port.CutTo);
        }

        _cuts = 0;
    }

    /// <summary>True when a datagram sent now from <paramref name="from"/> would be let through to <paramref name="to"/> (ignoring random loss).</summary>
    /// <param name="from">The sender's address.</param>
    /// <param name="to">The receiver's address.</param>
    /// <returns>Whether the link is up and the receiver plugged in.</returns>
    public bool CanReach(NodeAddress from, NodeAddress to)
    {
        var receiver = PortOf(to);
        return receiver.Connected && !PortOf(from).IsCutTo(receiver);
    }

    /// <summary>Unplugs a machine: datagrams to it are lost (those it already sent still arrive) until <see cref="Reconnect"/>.</summary>
    /// <param name="address">Its address.</param>
    public void Disconnect(NodeAddress address) => PortOf(address).Connected = false;

    /// <summary>Plugs a machine back in (a new transport bound to its address does this too).</summary>
    /// <param name="address">Its address.</param>
    public void Reconnect(NodeAddress address) => PortOf(address).Connected = true;

    /// <summary>The counters of the transport bound to <paramref name="address"/>, read directly (no actor involved).</summary>
    /// <param name="address">A bound address.</param>
    /// <returns>Received, sent and dropped datagrams, as <see cref="GetTransportStats"/> would answer; all zero for an address never bound.</returns>
    public TransportStats StatsOf(NodeAddress address) => PortOf(address).Stats();

    /// <summary>
    /// The key identity two nodes must share to read each other's datagrams in announce mode: cipher, secret, IV
    /// and, for an authenticated cipher (whose key is derived with the legion's name), the legion.
    /// </summary>
    internal static string KeyOf(LegionSettings settings, string secret) =>
        $"{settings.Definition.Cipher}\n{secret}\n{settings.Definition.Iv}\n{(settings.Authenticated ? settings.Name : string.Empty)}";

    /// <summary>Called by a transport in its PreStart: binds (or rebinds, after a restart) its address.</summary>
    internal SimulatedPort Bind(LegionSettings settings, IActorRef transport)
    {
        var port = PortOf(settings.Definition.Address);
        foreach (var group in port.Groups)
        {
            _groups[group].Remove(port);
        }

        port.Groups.Clear();
        foreach (var node in settings.Definition.Nodes)
        {
            if (node.IsMulticast && !port.Groups.Contains(node))
            {
                port.Groups.Add(node);
                if (!_groups.TryGetValue(node, out var members))
                {
                    _groups[node] = members = [];
                }

                members.Add(port);
            }
        }

        port.Transport = transport;
        port.Settings = settings;
        port.Connected = true;
        _topologyVersion++;
        return port;
    }

    /// <summary>The port of <paramref name="address"/>, created unbound on first use so links can be cut before a node starts.</summary>
    internal SimulatedPort PortOf(NodeAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!_byAddress.TryGetValue(address, out var port))
        {
            port = new SimulatedPort(this, _ports.Count, address);
            _ports.Add(port);
            _byAddress.Add(address, port);
        }

        return port;
    }

    /// <summary>
    /// An attacker's tap on the wire: from now on, every datagram <paramref name="from"/> sends is recorded, as sent (one
    /// copy per send, not per receiver), with the simulated time it was sent, until <see cref="SimulatedCapture.Stop"/>.
    /// With <see cref="SimulationTransport.SealedDatagrams"/> the record is the sealed bytes an eavesdropper sees.
    /// </summary>
    /// <param name="from">The address whose datagrams are recorded.</param>
    /// <returns>The capture, filled as the simulation runs.</returns>
    public SimulatedCapture Capture(NodeAddress from)
    {
        var capture = new SimulatedCapture(PortOf(from), _clock);
        _captures.Add(capture);
        return capture;
    }

    /// <summary>
    /// Replays captured datagrams to <paramref name="to"/> in capture order and at the captured pace, the first after
    /// <paramref name="delay"/>, as an attacker on the wire would: past loss and latency, and not blocked by cuts
    /// (only a disconnected receiver misses them). The capture may keep filling; what it held when called is replayed.
    /// </summary>
    /// <param name="capture">What to replay.</param>
    /// <param name="to">The receivers.</param>
    /// <param name="delay">Until the first datagram arrives (zero or more).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public void Replay(SimulatedCapture capture, IEnumerable<NodeAddress> to, TimeSpan delay = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        var datagrams = capture.Datagrams.ToList();
        if (datagrams.Count == 0)
        {
            return;
        }
        var start = _clock.GetUtcNow().UtcTicks + delay.Ticks;
        var first = datagrams[0].At;
        foreach (var receiver in to.Select(PortOf).ToList())
        {
            foreach (var datagram in datagrams)
            {
                Enqueue(new InFlight(capture.Port, receiver, datagram.Payload, Forged: true), start + (datagram.At - first).Ticks);
            }
        }
    }

    /// <summary>
    /// Delivers one datagram built by the test (a forgery, say: sealed bytes made with the legion's secret, as an
    /// insider could) to <paramref name="to"/> at once, as if sent from <paramref name="from"/>: past loss, latency and
    /// cuts (only a disconnected receiver misses it).
    /// </summary>
    /// <param name="datagram">The sealed bytes.</param>
    /// <param name="to">The receivers.</param>
    /// <param name="from">The address it claims to come from.</param>
    public void Inject(byte[] datagram, IEnumerable<NodeAddress> to, NodeAddress from)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        ArgumentNullException.ThrowIfNull(to);
        var source = PortOf(from);
        foreach (var receiver in to.Select(PortOf).ToList())
        {
            Deliver(source, receiver, datagram, forged: true);
        }
    }

    /// <summary>Sends one payload (sealed bytes or an <see cref="AnnounceDatagram"/>) from a port to its nodes.</summary>
    internal void Send(SimulatedPort from, object payload)
    {
        foreach (var capture in _captures)
        {
            capture.Record(from, payload);
        }

        if (from.TargetsVersion != _topologyVersion)
        {
            from.Targets = Resolve(from);
            from.TargetsVersion = _topologyVersion;
        }

        from.Sent += from.Settings!.Definition.Nodes.Count;
        foreach (var to in from.Targets)
        {
            Transmit(from, to, payload);
        }
    }

    private static double Probability(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A probability is within [0, 1].");

    private SimulatedPort[] Resolve(SimulatedPort from)
    {
        // Ordered as listed (the order of delivery), without repeats; a set, not List.Contains: a group of 1,000 ports
        // made each resolve O(n²), and every node resolves again whenever a node binds.
        var targets = new List<SimulatedPort>();
        var seen = new HashSet<SimulatedPort> { from };
        foreach (var node in from.Settings!.Definition.Nodes)
        {
            if (node.IsMulticast)
            {
                if (_groups.TryGetValue(node, out var members))
                {
                    targets.AddRange(members.Where(seen.Add));
                }
            }
            else if (_byAddress.TryGetValue(node, out var port) && port.Transport is not null && seen.Add(port))
            {
                targets.Add(port);
            }
        }

        return [.. targets];
    }

    private void Transmit(SimulatedPort from, SimulatedPort to, object payload)
    {
        DatagramsSent++;
        if (_loss > 0 && _random.NextDouble() < _loss)
        {
            DatagramsLost++;
            return;
        }

        var copies = 1;
        if (_duplication > 0 && _random.NextDouble() < _duplication)
        {
            copies = 2;
            DatagramsDuplicated++;
        }

        for (var i = 0; i < copies; i++)
        {
            var delay = _minLatency;
            if (_maxLatency > _minLatency)
            {
                delay += (long)(_random.NextDouble() * (_maxLatency - _minLatency));
            }

            if (_reordering > 0 && _random.NextDouble() < _reordering)
            {
                delay += 1 + (long)(_random.NextDouble() * _reorderDelay);
            }

            if (delay == 0)
            {
                Deliver(from, to, payload);
            }
            else
            {
                Enqueue(new InFlight(from, to, payload), _clock.GetUtcNow().UtcTicks + delay);
            }
        }
    }

    private void Deliver(SimulatedPort from, SimulatedPort to, object payload, bool forged = false)
    {
        if (!to.Connected || (!forged && _cuts > 0 && from.IsCutTo(to)))
        {
            DatagramsBlocked++;
            return;
        }

        DatagramsDelivered++;
        to.Transport!.Tell(payload);
    }

    private void Enqueue(InFlight datagram, long due)
    {
        _inFlight.Enqueue(datagram, (due, ++_sequence));
        _lastDue = Math.Max(_lastDue, due);
        if (due < _armedFor)
        {
            Arm(due);
        }
    }

    private void Arm(long due)
    {
        _armedFor = due;
        var delay = due - _clock.GetUtcNow().UtcTicks;
        _deliveryTimer.Change(TimeSpan.FromTicks(Math.Max(0, delay)), Timeout.InfiniteTimeSpan);
    }

    private void DeliverDue()
    {
        _armedFor = long.MaxValue;
        var now = _clock.GetUtcNow().UtcTicks;
        while (_inFlight.TryPeek(out var datagram, out var at) && at.Due <= now)
        {
            _inFlight.Dequeue();
            Deliver(datagram.From, datagram.To, datagram.Payload, datagram.Forged);
        }

        if (_inFlight.TryPeek(out _, out var next))
        {
            Arm(next.Due);
        }
    }

    private void SetCut(SimulatedPort from, SimulatedPort to, bool cut)
    {
        if (from.CutTo.Length <= to.Index)
        {
            if (!cut)
            {
                return;
            }

            var grown = new bool[Math.Max(to.Index + 1, _ports.Count)];
            from.CutTo.CopyTo(grown, 0);
            from.CutTo = grown;
        }

        if (from.CutTo[to.Index] != cut)
        {
            from.CutTo[to.Index] = cut;
            _cuts += cut ? 1 : -1;
        }
    }

    private readonly record struct InFlight(SimulatedPort From, SimulatedPort To, object Payload, bool Forged = false);
}
