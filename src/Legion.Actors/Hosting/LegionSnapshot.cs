using System.Text;
using Legion.Actors.Actors;
using Legion.Actors.Model;

namespace Legion.Actors.Hosting;

/// <summary>
/// One legion of this node at one moment: identity, lordship, the Lord as this node sees it, members and quorum.
/// Immutable; <see cref="ILegion.Snapshot"/> is replaced at every change.
/// </summary>
public sealed record LegionSnapshot
{
    /// <summary>Legion name.</summary>
    public required string Legion { get; init; }

    /// <summary>True while the node runs this legion (between start and stop).</summary>
    public bool IsRunning { get; init; }

    /// <summary>This node's identity (it changes with a runtime valor change); null before the node started.</summary>
    public NodeIdentity? Self { get; init; }

    /// <summary>True while this node is the Lord (uWSGI's <c>i_am_the_lord</c> is not 0).</summary>
    public bool IsLord => LordSince != 0;

    /// <summary>Unix seconds at which this node became Lord; 0 when it is not (uWSGI's <c>i_am_the_lord</c>).</summary>
    public long LordSince { get; init; }

    /// <summary>
    /// The Lord every member agreed on in the last quorate round; kept while members disagree (uWSGI changes
    /// nothing then); null before the first quorate round and while there is no quorum.
    /// </summary>
    public LegionLord? Lord { get; init; }

    /// <summary>The other nodes heard from within the tolerance, in join order (this node not included).</summary>
    public IReadOnlyList<Member> Members { get; init; } = [];

    /// <summary>Votes counted in the last round (0 while members disagree).</summary>
    public int Votes { get; init; }

    /// <summary>
    /// Peers heard only through announces dropped for clock skew (more than <c>legion-skew-tolerance</c> off this node's
    /// clock); while they outnumber this node's side, it does not claim lordship (see <see cref="Model.SkewRule"/>).
    /// </summary>
    public int SkewedPeers { get; init; }

    /// <summary>Votes needed to elect a Lord (<c>legion-quorum</c>, default 0).</summary>
    public int Quorum { get; init; }

    /// <summary>How the last round counted; null before the first round (the warm-up of two frequencies).</summary>
    public RoundVerdict? Verdict { get; init; }

    /// <summary>True when the last round was quorate: every member agreed and votes ≥ quorum.</summary>
    public bool HasQuorum => Verdict == RoundVerdict.Quorate;

    /// <summary>True once quorum has been reached (the <c>join</c> event fired).</summary>
    public bool Joined { get; init; }

    /// <summary>This node's own scroll as UTF-8 text, or null.</summary>
    public string? Scroll { get; init; }

    /// <summary>
    /// The valor this node announces with no failing health check and no step-down (configured, or the operator's
    /// latest); <see cref="Self"/> holds the valor announced now. 0 before the node started.
    /// </summary>
    public ulong BaseValor { get; init; }

    /// <summary>The health checks (<c>legion-health</c>) and their state, in declaration order; empty when none is configured.</summary>
    public IReadOnlyList<LegionHealthCheckStatus> Health { get; init; } = [];

    /// <summary>When the legion was in this state (the node's clock); <see cref="DateTimeOffset.MinValue"/> before start.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The snapshot of a legion that is not running (before start, after stop).</summary>
    /// <param name="legion">Legion name.</param>
    /// <param name="quorum">Its configured quorum.</param>
    /// <param name="self">The identity it last had, if any.</param>
    public static LegionSnapshot NotRunning(string legion, int quorum, NodeIdentity? self = null) =>
        new() { Legion = legion, Quorum = quorum, Self = self, At = DateTimeOffset.MinValue };

    /// <summary>
    /// The snapshot of a status: the Lord is the candidate of a quorate round, the <paramref name="previous"/>
    /// Lord while members disagree, and nobody without quorum.
    /// </summary>
    /// <param name="status">The legion's status.</param>
    /// <param name="previous">The snapshot before, for the Lord kept while members disagree; null for none.</param>
    public static LegionSnapshot From(LegionStatus status, LegionSnapshot? previous)
    {
        ArgumentNullException.ThrowIfNull(status);
        var election = status.Election;
        var lord = LegionLord.Of(status.Self, election, status.Membership, previous?.Lord);
        return new LegionSnapshot
        {
            Legion = status.Legion,
            IsRunning = true,
            Self = status.Self,
            LordSince = election.LordSince,
            Lord = lord,
            Members = status.Membership.Members,
            Votes = election.Votes,
            SkewedPeers = election.SkewedPeers,
            Quorum = status.Quorum,
            Verdict = election.Verdict,
            Joined = election.Joined,
            Scroll = Text(status.Scroll),
            BaseValor = status.BaseValor,
            Health = status.Health,
            At = status.At,
        };
    }

    private static string? Text(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : null;
}
