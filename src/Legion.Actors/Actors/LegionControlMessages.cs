using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>
/// To a supervisor: change this node's valor at run time (uWSGI issue #100). Peers key members by
/// (valor, name, uuid), so the node announces its new identity and then the old identity's death, leaving no
/// ghost; a Lord that can no longer win gives up lordship first (see <see cref="Handover"/>). Cancels a step-down
/// in progress. The request changes the base valor; failing <c>legion-health</c> checks keep their penalties on top
/// of it (<see cref="HealthValor"/>). Replies <see cref="ControlOutcome"/>.
/// </summary>
/// <param name="Request">Set, raise or lower the base valor; the result must stay within 0..65535.</param>
internal sealed record ChangeValor(ValorRequest Request);

/// <summary>
/// To a supervisor: the Lord steps down (as MongoDB's <c>rs.stepDown()</c>): it gives up lordship, runs its
/// <c>unlord</c> actions, then announces itself as an arbiter for <paramref name="Period"/> so the best other
/// member takes over; afterwards it returns to its base valor minus the penalties of the health checks failing then.
/// Replies <see cref="ControlOutcome"/>, refused when
/// this node is not the Lord or (unless <paramref name="Force"/>) no other member could take over.
/// </summary>
/// <param name="Period">How long to stay out of the running; positive (default 60 s in the APIs).</param>
/// <param name="Force">Step down even with no successor in sight.</param>
internal sealed record StepDown(TimeSpan Period, bool Force = false);

/// <summary>
/// To a supervisor: replace this node's scroll (null removes it) and announce it at once. The caller checks the
/// size against <c>legion-scroll-max-size</c>. Peers of this project see it at once; uWSGI 2.0 keeps the scroll a
/// member had when it joined, so uWSGI peers see it after they next re-add this node. Replies
/// <see cref="ControlOutcome"/>.
/// </summary>
/// <param name="Scroll">The new scroll bytes, or null for none.</param>
internal sealed record ReplaceScroll(ReadOnlyMemory<byte>? Scroll);

/// <summary>From a supervisor: how a control request went.</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Accepted">True when the change was made (or there was nothing to change).</param>
/// <param name="Message">What happened or why not, one line, no secret.</param>
/// <param name="Self">This node's identity after the request.</param>
public sealed record ControlOutcome(string Legion, bool Accepted, string Message, NodeIdentity Self);

/// <summary>From a supervisor to its <c>membership</c> and <c>election</c> children: this node now runs with these settings (a new identity or scroll).</summary>
/// <param name="Settings">The settings from now on.</param>
internal sealed record SwitchIdentity(LegionSettings Settings);

/// <summary>
/// From election to heartbeat: keep announcing the current identity with <paramref name="State"/> (no longer
/// claiming lordship) and ignore election changes until <see cref="IdentitySwitched"/>: the node is handing
/// lordship over and waits for its <c>unlord</c> actions.
/// </summary>
/// <param name="State">The state to announce meanwhile.</param>
internal sealed record HoldAnnounces(ElectionState State);

/// <summary>
/// From election to heartbeat: announce these settings' identity from now on, at once, then the death of the
/// identity announced so far if it differs (again with the next heartbeat, in case the first is lost).
/// </summary>
/// <param name="Settings">The settings from now on.</param>
/// <param name="State">The election state under them.</param>
internal sealed record IdentitySwitched(LegionSettings Settings, ElectionState State);

/// <summary>Internal timer message of <see cref="LegionSupervisor"/>: a step-down period is over.</summary>
/// <param name="Generation">Which step-down it ends; a later change makes it stale.</param>
internal sealed record StepDownOver(int Generation);
