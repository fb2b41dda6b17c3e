using Akka.Actor;
using Legion.Actors.Actions;
using Legion.Actors.Configuration;

namespace Legion.Actors.Actors;

/// <summary>To the action runner: run the configured actions of an event, in order, after those already queued.</summary>
/// <param name="Context">The event and node.</param>
/// <param name="ReplyTo">If set, receives <see cref="EventActionsDone"/> when this event's actions have all finished.</param>
/// <param name="StopOnFailure">
/// True to skip this event's remaining actions after the first failure and reply at once, as uWSGI 2.0 stops its lord
/// hooks at the first failing one under <c>legion-death-on-lord-error</c> (legion.c, <c>legions_check_nodes_step2</c>).
/// </param>
internal sealed record RunEventActions(LegionActionContext Context, IActorRef? ReplyTo = null, bool StopOnFailure = false);

/// <summary>From the action runner: every action of one event has finished (or was skipped after a failure).</summary>
/// <param name="Context">The event they ran for.</param>
/// <param name="Failures">How many failed (including timeouts).</param>
/// <param name="Skipped">How many were not run because an earlier one failed (<see cref="RunEventActions.StopOnFailure"/>).</param>
internal sealed record EventActionsDone(LegionActionContext Context, int Failures, int Skipped = 0);

/// <summary>Internal to the runner: a signal was raised on the bus (for <c>legion-signal-handler</c>).</summary>
internal sealed record SignalRaised(LegionSignal Signal);

/// <summary>From an action worker to the runner: one action finished.</summary>
internal sealed record ActionFinished(LegionActionSpec Spec, LegionActionContext Context, LegionActionResult Result, TimeSpan Elapsed);
