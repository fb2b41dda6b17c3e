using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>From election (to heartbeat and the supervisor): the election state after a round that changed it.</summary>
/// <param name="State">The state now.</param>
internal sealed record ElectionChanged(ElectionState State);

/// <summary>
/// From election (to the supervisor, which tells the Lord-only workers, cron and daemons): whether this node may do
/// Lord-only work now. True once this node is Lord and its <c>lord</c> actions have finished (uWSGI 2.0 sets
/// <c>i_am_the_lord</c>, which its cron and daemons check, only after the lord hooks ran); false when it stops being
/// Lord or suspends itself after a failed <c>lord</c> action.
/// </summary>
/// <param name="IsLord">True to start Lord-only work, false to stop it.</param>
internal sealed record LordshipChanged(bool IsLord);

/// <summary>Internal timer message of <see cref="ElectionActor"/>: run a round (and end the warm-up).</summary>
internal sealed record ElectionTick
{
    public static ElectionTick Instance { get; } = new();
}

/// <summary>Internal timer message of <see cref="ElectionActor"/>: the claim fence after a silent Lord has ended; run a round.</summary>
internal sealed record ClaimFenceEnded
{
    public static ClaimFenceEnded Instance { get; } = new();
}

/// <summary>
/// From a restarted election (to the supervisor, which asks membership for <see cref="RepeatMembership"/>): the fresh
/// incarnation knows no members nor skewed peers yet.
/// </summary>
internal sealed record ElectionRestarted
{
    public static ElectionRestarted Instance { get; } = new();
}
