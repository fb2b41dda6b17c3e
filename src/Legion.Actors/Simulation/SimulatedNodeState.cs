namespace Legion.Actors.Simulation;

/// <summary>What the process of a simulated node is doing.</summary>
public enum SimulatedNodeState
{
    /// <summary>Running: processing messages, firing timers, sending and receiving.</summary>
    Running,

    /// <summary>
    /// Paused (as SIGSTOP, a long GC pause or a stalled VM): nothing runs, datagrams to it queue as in a socket
    /// buffer, and timers that fall due fire once on <see cref="LegionSimulation.Thaw"/>.
    /// </summary>
    Frozen,

    /// <summary>Killed without warning (as SIGKILL or a power cut): no death announce; datagrams to it are lost.</summary>
    Crashed,

    /// <summary>Shut down cleanly by <see cref="LegionSimulation.Stop"/>: death actions ran and a death announce was sent.</summary>
    Stopped,
}
