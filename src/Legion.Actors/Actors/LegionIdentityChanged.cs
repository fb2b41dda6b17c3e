using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>
/// Published on the EventStream when this node's identity or scroll changes at run time (a valor change, a
/// step-down and its end, a new scroll).
/// </summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Previous">The identity before.</param>
/// <param name="Current">The identity now (the same for a scroll change).</param>
/// <param name="Reason">One line for operators, e.g. <c>valor set to 120</c>, <c>stepped down for 00:01:00</c>.</param>
/// <param name="At">Wall-clock time (the node's TimeProvider).</param>
public sealed record LegionIdentityChanged(string Legion, NodeIdentity Previous, NodeIdentity Current, string Reason, DateTimeOffset At);
