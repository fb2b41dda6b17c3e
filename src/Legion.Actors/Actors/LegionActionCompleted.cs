using Legion.Actors.Actions;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>Published on the EventStream when one configured action has finished (or failed, or timed out).</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Event">The event it ran for.</param>
/// <param name="Action">The action as configured, <c>KIND:ARGUMENT</c>.</param>
/// <param name="Result">How it ended.</param>
/// <param name="Elapsed">How long it ran.</param>
public sealed record LegionActionCompleted(string Legion, LegionEvent Event, string Action, LegionActionResult Result, TimeSpan Elapsed);
