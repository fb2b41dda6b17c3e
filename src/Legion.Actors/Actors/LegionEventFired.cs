using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>
/// Published on the actor system's EventStream each time a legion event fires on this node, before
/// its actions run. Subscribe to it to observe a node (tests, the host's logs, the embedding API).
/// </summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Event">The event.</param>
/// <param name="Self">This node.</param>
/// <param name="Lord">The candidate/Lord as this node saw it when the event fired; <see cref="Vote.None"/> if none.</param>
/// <param name="Member">For node-joined/node-left, the member concerned; else null.</param>
/// <param name="At">Wall-clock time of the event (the node's TimeProvider).</param>
public sealed record LegionEventFired(string Legion, LegionEvent Event, NodeIdentity Self, Vote Lord, MemberKey? Member, DateTimeOffset At);
