using Legion.Actors.Configuration;
using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>
/// A snapshot of one legion on this node: what uWSGI's stats server shows under <c>legions</c>, plus
/// votes, the verdict of the last round and datagram counters. Immutable.
/// </summary>
public sealed record LegionStatus
{
    /// <summary>Legion name.</summary>
    public required string Legion { get; init; }

    /// <summary>The configured bind address (<c>addr</c>).</summary>
    public required NodeAddress Address { get; init; }

    /// <summary>This node.</summary>
    public required NodeIdentity Self { get; init; }

    /// <summary>Configured quorum.</summary>
    public int Quorum { get; init; }

    /// <summary>Where announces are sent (<c>nodes</c>).</summary>
    public IReadOnlyList<NodeAddress> Nodes { get; init; } = [];

    /// <summary>The election state after the last round.</summary>
    public required ElectionState Election { get; init; }

    /// <summary>The member table.</summary>
    public required Membership Membership { get; init; }

    /// <summary>This node's own scroll, or null.</summary>
    public ReadOnlyMemory<byte>? Scroll { get; init; }

    /// <summary>Datagram counters; null if the transport did not answer in time.</summary>
    public TransportStats? Transport { get; init; }

    /// <summary>When this snapshot was taken (wall clock of the node).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>
    /// The scroll list as uWSGI builds it (this node's scroll, then each member's, within
    /// <c>legion-scroll-list-max-size</c>); null when not computed. A node's supervisor builds it on first read (once
    /// per change of its members, shared by every snapshot until the next): at 1,000 members, building it at every
    /// join and status change dominated a join storm. Reading it is thread-safe.
    /// </summary>
    public ScrollList? ScrollList
    {
        get => _scrollList?.Value;
        init => _scrollList = value is null ? null : new Lazy<ScrollList?>(value);
    }

    /// <summary>The scroll list, built on first read of <see cref="ScrollList"/> (thread-safe, at most once).</summary>
    internal Lazy<ScrollList?>? LazyScrollList
    {
        init => _scrollList = value;
    }

    private readonly Lazy<ScrollList?>? _scrollList;

    /// <summary>
    /// The legion's <c>legion-scroll-max-size</c> in bytes (default 4096): status views show at most this much of
    /// each member's scroll, so a flood of members with huge forged scrolls cannot blow up a stats document.
    /// </summary>
    public int ScrollMaxSize { get; init; } = LegionOptions.DefaultScrollMaxSize;

    /// <summary>True while this node does Lord-only work (it is Lord and its <c>lord</c> actions have finished).</summary>
    public bool LordWork { get; init; }

    /// <summary>The Lord-only cron tasks (<c>legion-cron</c>, ...), in declaration order; empty when none.</summary>
    public IReadOnlyList<LegionCronStatus> Crons { get; init; } = [];

    /// <summary>
    /// The valor this node would announce with no failing health check and no step-down: the configured valor or the
    /// operator's latest. <see cref="Self"/> holds the valor announced now (see <see cref="HealthValor"/>).
    /// </summary>
    public ulong BaseValor { get; init; }

    /// <summary>The health checks (<c>legion-health</c>), in declaration order; empty when none.</summary>
    public IReadOnlyList<LegionHealthCheckStatus> Health { get; init; } = [];

    /// <summary>The sum of the penalties of the failing health checks; <see cref="HealthPenalty.None"/> when none fails.</summary>
    public HealthPenalty HealthPenalty => HealthPenalty.Sum(Health.Select(h => h.CurrentPenalty));

    /// <summary>The Lord-only daemons (<c>legion-attach-daemon</c>, ...), in declaration order; empty when none.</summary>
    public IReadOnlyList<LegionDaemonStatus> Daemons { get; init; } = [];
}
