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

/// <summary>Internal to <see cref="LegionSupervisor"/>: the transport has not answered a status request in time.</summary>
/// <param name="Generation">Which request; a stale one is ignored.</param>
internal sealed record TransportStatsOverdue(int Generation);
