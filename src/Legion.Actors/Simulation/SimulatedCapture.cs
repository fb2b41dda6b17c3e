namespace Legion.Actors.Simulation;

/// <summary>
/// Datagrams recorded from one address by <see cref="SimulatedNetwork.Capture"/>, for <see cref="SimulatedNetwork.Replay"/>:
/// what an eavesdropper on the legion's network holds. Not thread-safe (the simulation runs on one thread).
/// </summary>
public sealed class SimulatedCapture
{
    private readonly List<CapturedDatagram> _datagrams = [];
    private readonly TimeProvider _clock;
    private bool _stopped;

    internal SimulatedCapture(SimulatedPort port, TimeProvider clock)
    {
        Port = port;
        _clock = clock;
    }

    /// <summary>The datagrams recorded so far, in the order sent.</summary>
    public IReadOnlyList<CapturedDatagram> Datagrams => _datagrams;

    internal SimulatedPort Port { get; }

    /// <summary>Records nothing more.</summary>
    public void Stop() => _stopped = true;

    internal void Record(SimulatedPort from, object payload)
    {
        if (!_stopped && ReferenceEquals(from, Port))
        {
            _datagrams.Add(new CapturedDatagram(_clock.GetUtcNow(), payload));
        }
    }
}

/// <summary>One captured datagram.</summary>
/// <param name="At">Simulated wall time it was sent.</param>
/// <param name="Payload">Its sealed bytes (or the decoded announce, with <see cref="SimulationTransport.Announces"/>).</param>
public sealed record CapturedDatagram(DateTimeOffset At, object Payload);
