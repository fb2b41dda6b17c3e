namespace Legion.Actors.Model;

/// <summary>
/// What one node remembers between election rounds of one legion. Immutable; produced by
/// <see cref="Election.Round"/>.
/// </summary>
public sealed record ElectionState
{
    /// <summary>The state of a node that just started: not joined, not Lord, no vote, checksum 0.</summary>
    public static ElectionState Initial { get; } = new();

    /// <summary>True once quorum has been reached (the join event fired).</summary>
    public bool Joined { get; init; }

    /// <summary>Unix seconds at which this node became Lord (the <c>lord</c> key); 0 when not Lord.</summary>
    public long LordSince { get; init; }

    /// <summary>True while this node is the Lord.</summary>
    public bool IsLord => LordSince != 0;

    /// <summary>
    /// The vote this node announces (<c>lord_valor</c>/<c>lord_uuid</c>): the best (valor, uuid) of
    /// itself and its non-arbiter members, computed as uWSGI's <c>uwsgi_legion_get_lord</c>.
    /// <see cref="Vote.None"/> before the first round.
    /// </summary>
    public Vote AnnouncedVote { get; init; } = Vote.None;

    /// <summary>The candidate of the last round (who this node counts votes for); none for an arbiter alone.</summary>
    public Vote Candidate { get; init; } = Vote.None;

    /// <summary>The membership checksum of the last round (announced in <c>checksum</c>).</summary>
    public ulong Checksum { get; init; }

    /// <summary>Votes counted in the last round (0 when members disagree).</summary>
    public int Votes { get; init; }

    /// <summary>
    /// Peers heard in the last round only through announces dropped for clock skew (<see cref="SkewRule.SkewedPeers"/>);
    /// 0 when every clock is within the skew tolerance. Set by the election actor, not by <see cref="Election.Round"/>.
    /// </summary>
    public int SkewedPeers { get; init; }

    /// <summary>True while <see cref="SkewRule.MayClaim"/> keeps this node from claiming lordship (its side is the smaller).</summary>
    public bool SkewBlocksClaim { get; init; }

    /// <summary>The verdict of the last round; null before the first round.</summary>
    public RoundVerdict? Verdict { get; init; }

    /// <summary>
    /// While the wall clock is not past this, the node is suspended (<c>legion-death-on-lord-error</c>):
    /// it never proposes itself and sends no announces. <see cref="DateTimeOffset.MinValue"/> when not suspended.
    /// </summary>
    public DateTimeOffset SuspendedUntil { get; init; } = DateTimeOffset.MinValue;

    /// <summary>Monotonic time of the last "no quorum" warning, for uWSGI's once-per-60-s throttle; null if never.</summary>
    public TimeSpan? LastNoQuorumWarning { get; init; }

    /// <summary>Monotonic time of the last round with a quorum of agreeing votes; null before the first. Drives the Lord lease.</summary>
    public TimeSpan? LastQuorate { get; init; }

    /// <summary>The current Lord's scroll (ours once we are Lord); null when it has none.</summary>
    public ReadOnlyMemory<byte>? LordScroll { get; init; }

    /// <summary>
    /// The quorate view (candidate, checksum) last reported in the "quorum" log line (<see cref="ElectionOutcome.QuorumReport"/>):
    /// a report is due when a quorate round's view differs from it, however many disagreeing rounds came between.
    /// </summary>
    public (Vote Candidate, ulong Checksum)? ReportedQuorum { get; init; }

    /// <summary>True while suspended at <paramref name="now"/> (uWSGI: <c>now &lt;= suspended_til</c>).</summary>
    public bool IsSuspendedAt(DateTimeOffset now) => now <= SuspendedUntil;
}
