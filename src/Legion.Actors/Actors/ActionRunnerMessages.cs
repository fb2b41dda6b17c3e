using Legion.Actors.Actions;
using Legion.Actors.Configuration;

namespace Legion.Actors.Actors;

/// <summary>To the action runner: run the configured actions of an event, in order, after those already queued.</summary>
/// <param name="Context">The event and node.</param>
/// <param name="ReplyTo">If set, receives <see cref="EventActionsDone"/> when this event's actions have all finished.</param>
public sealed record RunEventActions(LegionActionContext Context, Kernel.IActorRef? ReplyTo = null);

/// <summary>From the action runner: every action of one event has finished.</summary>
/// <param name="Context">The event they ran for.</param>
/// <param name="Failures">How many failed (including timeouts).</param>
public sealed record EventActionsDone(LegionActionContext Context, int Failures);

/// <summary>From an action worker to the runner: one action finished.</summary>
internal sealed record ActionFinished(LegionActionSpec Spec, LegionActionContext Context, LegionActionResult Result, TimeSpan Elapsed);
