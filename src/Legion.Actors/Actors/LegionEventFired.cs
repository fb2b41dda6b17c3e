using Legion.Actors.Hosting;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>
/// Published on the actor system's EventStream each time a legion event fires on this node, before its actions run:
/// every <see cref="LegionEvent"/>, uWSGI's (<c>setup</c>, <c>join</c>, <c>lord</c>, <c>unlord</c>, <c>death</c>,
/// <c>node-joined</c>, <c>node-left</c>) and this project's (<c>outdated</c>, <c>forced-exit</c>). Any actor subscribes
/// with <c>Context.System.EventStream.Subscribe(Self, typeof(LegionEventFired))</c>; code outside actors through
/// <see cref="ILegion.EventFired"/> or <see cref="LegionNode.Subscribe"/>, which read this same stream (as do the
/// host's logs and the simulation's trace). Changes of the Lord come as <see cref="LordChanged"/>. Immutable.
/// </summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Event">The event.</param>
/// <param name="Self">This node.</param>
/// <param name="Lord">The candidate/Lord as this node saw it when the event fired; <see cref="Vote.None"/> if none.</param>
/// <param name="Member">For node-joined/node-left, the member concerned; else null.</param>
/// <param name="At">Wall-clock time of the event (the node's TimeProvider).</param>
public sealed record LegionEventFired(string Legion, LegionEvent Event, NodeIdentity Self, Vote Lord, MemberKey? Member, DateTimeOffset At);
