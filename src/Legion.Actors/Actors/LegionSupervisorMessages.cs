using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>To a supervisor: reply <see cref="LegionReady"/> once its socket is bound, or a <c>Status.Failure</c> if it cannot be.</summary>
internal sealed record AwaitReady
{
    /// <summary>The single instance.</summary>
    public static AwaitReady Instance { get; } = new();
}

/// <summary>From a supervisor: the legion runs.</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="LocalEndPoint">The address its socket is bound to.</param>
internal sealed record LegionReady(string Legion, System.Net.EndPoint LocalEndPoint);

/// <summary>To a supervisor: reply with its <see cref="LegionStatus"/>.</summary>
internal sealed record GetLegionStatus
{
    /// <summary>The single instance.</summary>
    public static GetLegionStatus Instance { get; } = new();
}

/// <summary>
/// To a supervisor: leave the legion as uWSGI does at shutdown — stop announcing, run the
/// <c>death</c> actions, send a death announce — then reply <see cref="LeftLegion"/>.
/// </summary>
internal sealed record LeaveLegion
{
    /// <summary>The single instance.</summary>
    public static LeaveLegion Instance { get; } = new();
}

/// <summary>From a supervisor: the death announce has been sent.</summary>
/// <param name="Legion">Legion name.</param>
internal sealed record LeftLegion(string Legion);

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

/// <summary>Internal timer message of <see cref="LegionSupervisor"/>: a step-down period is over (a later valor change or step-down cancels its timer).</summary>
internal sealed record StepDownOver
{
    /// <summary>The single instance.</summary>
    public static StepDownOver Instance { get; } = new();
}

/// <summary>Internal timer message of <see cref="LegionSupervisor"/>: the transport has not answered a status request in time (a reply cancels its timer).</summary>
internal sealed record TransportStatsOverdue
{
    /// <summary>The single instance.</summary>
    public static TransportStatsOverdue Instance { get; } = new();
}
