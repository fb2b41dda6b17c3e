namespace Legion.Actors.Model;

/// <summary>What <see cref="Membership.Receive"/> did with one decoded announce.</summary>
public enum ReceiveOutcome
{
    /// <summary>An unknown node: added to the member table (node-joined).</summary>
    Joined,

    /// <summary>A known member: last-seen, vote and checksum updated.</summary>
    Updated,

    /// <summary>A known member announced its death: removed at once, no node-left event.</summary>
    Died,

    /// <summary>A death announce from a node that is not a member: ignored (as uWSGI).</summary>
    IgnoredDeath,

    /// <summary>Our own announce (looped back, e.g. by multicast): ignored.</summary>
    Own,

    /// <summary>Its <c>unix</c> is older than now minus the skew tolerance: dropped ("check your clock").</summary>
    Skewed,

    /// <summary>
    /// Its <c>unix</c> is later than now plus the skew tolerance: dropped, counted as a
    /// <see cref="Protocol.DropReason.FutureDated"/> drop. An extension: uWSGI 2.0 accepts future-dated announces.
    /// </summary>
    FutureDated,

    /// <summary>
    /// An unknown node while the member table is full (<see cref="Configuration.LegionDefinition.MaxMembers"/>):
    /// not added, counted as a <see cref="Protocol.DropReason.TooManyMembers"/> drop. An extension: uWSGI 2.0 has no cap.
    /// </summary>
    Refused,

    /// <summary>
    /// This node's own uuid with another name or pid: someone else claims to be this node. Never admitted, counted as a
    /// <see cref="Protocol.DropReason.Impersonation"/> drop. An extension: uWSGI 2.0 admits it as a member.
    /// </summary>
    Impersonation,
}
