using System.Collections.Immutable;
using Legion.Actors.Protocol;

namespace Legion.Actors.Model;

/// <summary>
/// What this node has heard from peers whose announces it drops for clock skew alone (too old or too far in the
/// future, see <see cref="Membership.Receive"/>): well-formed, decrypted announces of this legion from a live node
/// whose clock differs from ours by more than the skew tolerance. A sender is evidence of a live skewed peer only
/// once its <c>unix</c> has strictly advanced across two such announces, so one captured datagram replayed again
/// and again is never evidence; and only while that advance is recent (within the legion tolerance, as a member
/// expires). At most <see cref="Capacity"/> senders (or the member cap, if lower) are remembered; the least
/// recently heard is forgotten first. Feeds <see cref="SkewRule"/>. Immutable and pure: time comes in as an argument.
/// An extension: uWSGI 2.0 forgets a skew-dropped announce at once.
/// </summary>
public sealed class SkewEvidence
{
    /// <summary>Most senders remembered: 4096 (as <see cref="ReplayGuard.Capacity"/>).</summary>
    public const int Capacity = ReplayGuard.Capacity;

    private readonly ImmutableDictionary<string, SkewedPeer> _senders;
    private readonly ImmutableDictionary<string, Accepted> _accepted;
    private IReadOnlyList<SkewedPeer>? _peers;

    private SkewEvidence(ImmutableDictionary<string, SkewedPeer> senders, ImmutableDictionary<string, Accepted> accepted)
    {
        _senders = senders;
        _accepted = accepted;
    }

    /// <summary>No evidence.</summary>
    public static SkewEvidence Empty { get; } = new(ImmutableDictionary<string, SkewedPeer>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, Accepted>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Senders whose newest accepted <c>unix</c> is remembered (for <see cref="IsReplay"/>).</summary>
    public int AcceptedCount => _accepted.Count;

    /// <summary>
    /// True when <paramref name="announce"/> (dropped for clock skew) carries a <c>unix</c> no newer than one this node
    /// already accepted from the same sender: a replay of what was captured while the sender was healthy (an
    /// outsider's replays, in capture order, advance like a live node's clock, only too old), or a clock stepped back
    /// past what it announced before. Never evidence of a live skewed peer; counted as a replay. The newest accepted
    /// <c>unix</c> is remembered after the sender leaves (at most <see cref="Capacity"/> senders, the least recently
    /// accepted forgotten first), so a crashed Lord's replayed announces cannot stand in for it.
    /// </summary>
    /// <param name="announce">An announce dropped for clock skew.</param>
    public bool IsReplay(Announce announce)
    {
        ArgumentNullException.ThrowIfNull(announce);
        return _accepted.TryGetValue(announce.Uuid, out var accepted) && announce.Unix <= accepted.Unix;
    }

    /// <summary>
    /// Records an announce that was just accepted: its sender is no longer skewed (<see cref="Forget"/>), and its
    /// <c>unix</c>, when newer than any accepted from it before, becomes the bar for <see cref="IsReplay"/>.
    /// Allocates only when the sender was skewed or its <c>unix</c> advanced (once a second at most).
    /// </summary>
    /// <param name="announce">The accepted announce.</param>
    /// <param name="now">Local monotonic time of reception.</param>
    public SkewEvidence Accept(Announce announce, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(announce);
        bool skewed = _senders.ContainsKey(announce.Uuid);
        bool advanced = !_accepted.TryGetValue(announce.Uuid, out var before) || announce.Unix > before.Unix;
        if (!skewed && !advanced)
        {
            return this;
        }
        var accepted = _accepted;
        if (advanced)
        {
            if (before is null && accepted.Count >= Capacity)
            {
                accepted = accepted.Remove(accepted.MinBy(a => a.Value.At).Key);
            }
            accepted = accepted.SetItem(announce.Uuid, new Accepted(announce.Unix, now));
        }
        return new SkewEvidence(skewed ? _senders.Remove(announce.Uuid) : _senders, accepted);
    }

    /// <summary>Senders remembered, whether or not they are evidence yet.</summary>
    public int Count => _senders.Count;

    /// <summary>The senders that are evidence of a live skewed peer: heard with an advancing <c>unix</c>, ordered by uuid.</summary>
    /// <remarks>Computed once per instance (every election round asks; nearly always of the empty evidence).</remarks>
    public IReadOnlyList<SkewedPeer> Peers => _peers ??= _senders.IsEmpty
        ? []
        : [.. _senders.Values.Where(p => p.Advanced).OrderBy(p => p.Uuid, StringComparer.Ordinal)];

    /// <summary>
    /// Records one announce dropped for clock skew alone. The sender becomes evidence when its <c>unix</c> is
    /// greater than the greatest seen from it before; an equal or older <c>unix</c> (a replay, a duplicate, a
    /// reordered datagram) changes nothing but the sender's valor and name.
    /// </summary>
    /// <param name="announce">The skew-dropped announce (decrypted, this legion, not our own, not a death announce).</param>
    /// <param name="now">Local monotonic time of reception.</param>
    /// <param name="maxSenders">The most senders remembered, at least 1 (the legion's member cap); never more than <see cref="Capacity"/>.</param>
    /// <param name="minimumSpan">
    /// How long after its first announce a sender's advance may first count (the legion's frequency / 2 in the actors;
    /// zero by default): a live peer's announces come a frequency apart, while a backlog read in one burst (a node
    /// resumed after a pause longer than the skew tolerance, its socket full of announces that were fresh when sent)
    /// or a replay fired in one burst does not make evidence.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSenders"/> is less than 1.</exception>
    public SkewEvidence Observe(Announce announce, TimeSpan now, int maxSenders = Capacity, TimeSpan minimumSpan = default)
    {
        ArgumentNullException.ThrowIfNull(announce);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSenders, 1);
        if (_senders.TryGetValue(announce.Uuid, out var known))
        {
            if (announce.Unix <= known.LastUnix)
            {
                return this;
            }
            bool live = known.Advanced || now - known.FirstHeard >= minimumSpan;
            var advanced = known with { Valor = announce.Valor, Name = announce.Name, LastUnix = announce.Unix, Advanced = live, LastAdvance = live ? now : known.LastAdvance };
            return new SkewEvidence(_senders.SetItem(announce.Uuid, advanced), _accepted);
        }
        var senders = _senders;
        if (senders.Count >= Math.Min(maxSenders, Capacity))
        {
            senders = senders.Remove(senders.MinBy(s => s.Value.LastAdvance).Key);
        }
        var first = new SkewedPeer(announce.Valor, announce.Name, announce.Uuid, announce.Unix, Advanced: false, LastAdvance: now, FirstHeard: now);
        return new SkewEvidence(senders.SetItem(announce.Uuid, first), _accepted);
    }

    /// <summary>Forgets a sender whose announce was just accepted: its clock is no longer skewed.</summary>
    /// <param name="uuid">The sender's run uuid.</param>
    public SkewEvidence Forget(string uuid)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        return _senders.ContainsKey(uuid) ? new SkewEvidence(_senders.Remove(uuid), _accepted) : this;
    }

    /// <summary>
    /// When the next sender is forgotten by <see cref="Expire"/> if none advances before then: the earliest last
    /// advance plus <paramref name="tolerance"/> (local monotonic time); null when no sender is remembered.
    /// </summary>
    /// <param name="tolerance">How long evidence stays fresh without a new advance.</param>
    public TimeSpan? NextExpiry(TimeSpan tolerance) =>
        _senders.IsEmpty ? null : _senders.Values.Min(s => s.LastAdvance) + tolerance;

    /// <summary>
    /// Forgets senders whose <c>unix</c> has not advanced for more than <paramref name="tolerance"/> (the legion
    /// tolerance, strictly more, as a member expires): a stopped peer, or a replay that repeats itself.
    /// </summary>
    /// <param name="now">Local monotonic time.</param>
    /// <param name="tolerance">How long evidence stays fresh without a new advance.</param>
    public SkewEvidence Expire(TimeSpan now, TimeSpan tolerance)
    {
        var stale = _senders.Where(s => now - s.Value.LastAdvance > tolerance).Select(s => s.Key).ToList();
        return stale.Count == 0 ? this : new SkewEvidence(_senders.RemoveRange(stale), _accepted);
    }

    private sealed record Accepted(long Unix, TimeSpan At);
}
