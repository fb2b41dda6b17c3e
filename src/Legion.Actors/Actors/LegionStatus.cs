using Legion.Actors.Configuration;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>
/// A snapshot of one legion on this node: what uWSGI's stats server shows under <c>legions</c>, plus
/// votes, the verdict of the last round and datagram counters. Immutable.
/// </summary>
public sealed record LegionStatus
{
    /// <summary>Legion name.</summary>
    public required string Legion { get; init; }

    /// <summary>The configured bind address (<c>addr</c>).</summary>
    public required NodeAddress Address { get; init; }

    /// <summary>This node.</summary>
    public required NodeIdentity Self { get; init; }

    /// <summary>Configured quorum.</summary>
    public int Quorum { get; init; }

    /// <summary>Where announces are sent (<c>nodes</c>).</summary>
    public IReadOnlyList<NodeAddress> Nodes { get; init; } = [];

    /// <summary>The election state after the last round.</summary>
    public required ElectionState Election { get; init; }

    /// <summary>The member table.</summary>
    public required Membership Membership { get; init; }

    /// <summary>This node's own scroll, or null.</summary>
    public ReadOnlyMemory<byte>? Scroll { get; init; }

    /// <summary>Datagram counters; null if the transport did not answer in time.</summary>
    public TransportStats? Transport { get; init; }

    /// <summary>When this snapshot was taken (wall clock of the node).</summary>
    public DateTimeOffset At { get; init; }
}
