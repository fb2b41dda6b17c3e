using Legion.Actors.Hosting;

namespace Legion.Actors.Actors;

/// <summary>
/// Published on the actor system's EventStream when the Lord of a legion, as this node sees it, changes: another member
/// rises, this node becomes Lord or stops being it, the legion loses its quorum (no Lord), or this node leaves the
/// legion (no Lord any more for it). The legion's analogue of Akka.Cluster's <c>ClusterEvent.LeaderChanged</c>; any
/// actor subscribes with <c>Context.System.EventStream.Subscribe(Self, typeof(LordChanged))</c>. Only a change is
/// published, never the current Lord to a new subscriber: read that from <see cref="ILegion.Lord"/> or
/// <see cref="GetLegionStatus"/>. Follows <see cref="LegionLord.Of"/>, so it agrees with <see cref="LegionSnapshot.Lord"/>.
/// With <see cref="IsSelf"/> true the round has made this node Lord; its <c>lord</c> actions may still be running
/// (Lord-only work starts once they finished: <see cref="LegionEventFired"/> with <c>lord</c> fires first). Immutable.
/// </summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Lord">The Lord now; null when there is none (no quorum, or this node left).</param>
/// <param name="At">Wall-clock time of the change (the node's TimeProvider).</param>
public sealed record LordChanged(string Legion, LegionLord? Lord, DateTimeOffset At)
{
    /// <summary>True when this node is the Lord now.</summary>
    public bool IsSelf => Lord?.IsSelf == true;
}
