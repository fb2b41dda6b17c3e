using System.Collections.Immutable;
using Legion.Actors.Protocol;

namespace Legion.Actors.Model;

/// <summary>
/// What this node has heard from peers whose announces it drops for clock skew alone (too old or too far in the
/// future, see <see cref="Membership.Receive"/>): well-formed, decrypted announces of this legion from a live node
/// whose clock differs from ours by more than the skew tolerance. A sender is evidence of a live skewed peer only
/// once its <c>unix</c> has strictly advanced across two such announces, so one captured datagram replayed again
/// and again is never evidence; and only while that advance is recent (within the legion tolerance, as a member
/// expires). At most <see cref="Capacity"/> senders (or the member cap, if lower) are remembered: when full, a sender
/// heard only once so far is forgotten first (the oldest of those), and only when every sender is evidence the least
/// recently advanced; so a flood of new uuids (an insider's, with the secret) cannot push out a live skewed peer.
/// Eviction and expiry cost O(1) amortized (<see cref="RecencyQueue"/>), never a scan of the table: a scan per new
/// sender let such a flood hold up real members' announces past the tolerance (issue 12). Feeds
/// <see cref="SkewRule"/>. Immutable and pure: time comes in as an argument (local monotonic, never going back).
/// An extension: uWSGI 2.0 forgets a skew-dropped announce at once.
/// </summary>
internal sealed class SkewEvidence
{
    /// <summary>Most senders remembered: 4096 (as <see cref="ReplayGuard.Capacity"/>).</summary>
    public const int Capacity = ReplayGuard.Capacity;

    private static readonly ImmutableSortedDictionary<string, SkewedPeer> NoPeers = ImmutableSortedDictionary.Create<string, SkewedPeer>(StringComparer.Ordinal);

    private readonly ImmutableDictionary<string, SkewedPeer> _senders;
    // Senders not yet evidence, stamped when first heard (their LastAdvance); evidence, stamped at each advance.
    private readonly RecencyQueue _unproven;
    private readonly RecencyQueue _proven;
    // The senders that are evidence, by uuid: Peers without a scan of every sender.
    private readonly ImmutableSortedDictionary<string, SkewedPeer> _advanced;
    private readonly ImmutableDictionary<string, Accepted> _accepted;
    private readonly RecencyQueue _acceptedOrder;
    private IReadOnlyList<SkewedPeer>? _peers;

    private SkewEvidence(ImmutableDictionary<string, SkewedPeer> senders, RecencyQueue unproven, RecencyQueue proven,
        ImmutableSortedDictionary<string, SkewedPeer> advanced, ImmutableDictionary<string, Accepted> accepted, RecencyQueue acceptedOrder,
        IReadOnlyList<SkewedPeer>? peers = null)
    {
        _senders = senders;
        _advanced = advanced;
        _accepted = accepted;
        _peers = peers;
        // Heads always current, so NextExpiry reads them directly.
        _unproven = unproven.Compacted(senders.Count - advanced.Count, () => senders.Values.Where(p => !p.Advanced).Select(p => (p.Uuid, p.LastAdvance)))
            .Oldest(IsUnproven).Queue;
        _proven = proven.Compacted(advanced.Count, () => advanced.Values.Select(p => (p.Uuid, p.LastAdvance))).Oldest(IsProven).Queue;
        _acceptedOrder = acceptedOrder.Compacted(accepted.Count, () => accepted.Select(a => (a.Key, a.Value.At))).Oldest(IsAccepted).Queue;
    }

    /// <summary>No evidence.</summary>
    public static SkewEvidence Empty { get; } = new(ImmutableDictionary<string, SkewedPeer>.Empty.WithComparers(StringComparer.Ordinal),
        RecencyQueue.Empty, RecencyQueue.Empty, NoPeers,
        ImmutableDictionary<string, Accepted>.Empty.WithComparers(StringComparer.Ordinal), RecencyQueue.Empty, []);

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
        var order = _acceptedOrder;
        if (advanced)
        {
            if (before is null && accepted.Count >= Capacity && order.Head is { } oldest)
            {
                accepted = accepted.Remove(oldest.Key);
                order = order.Pop();
            }
            accepted = accepted.SetItem(announce.Uuid, new Accepted(announce.Unix, now));
            order = order.Stamp(announce.Uuid, now);
        }
        var self = skewed ? Forget(announce.Uuid) : this;
        return new SkewEvidence(self._senders, self._unproven, self._proven, self._advanced, accepted, order, self._peers);
    }

    /// <summary>Senders remembered, whether or not they are evidence yet.</summary>
    public int Count => _senders.Count;

    /// <summary>The senders that are evidence of a live skewed peer: heard with an advancing <c>unix</c>, ordered by uuid.</summary>
    /// <remarks>Computed once per set of evidence (every election round asks; nearly always of the empty evidence).</remarks>
    public IReadOnlyList<SkewedPeer> Peers => _peers ??= [.. _advanced.Values];

    /// <summary>
    /// Records one announce dropped for clock skew alone. The sender becomes evidence when its <c>unix</c> is
    /// greater than the greatest seen from it before; an equal or older <c>unix</c> (a replay, a duplicate, a
    /// reordered datagram) changes nothing but the sender's valor and name. O(log n): no scan of the senders.
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
            return live
                ? new SkewEvidence(_senders.SetItem(announce.Uuid, advanced), _unproven, _proven.Stamp(announce.Uuid, now), _advanced.SetItem(announce.Uuid, advanced), _accepted, _acceptedOrder)
                : new SkewEvidence(_senders.SetItem(announce.Uuid, advanced), _unproven, _proven, _advanced, _accepted, _acceptedOrder, _peers);
        }
        var senders = _senders;
        var unproven = _unproven;
        var proven = _proven;
        var peers = _advanced;
        if (senders.Count >= Math.Min(maxSenders, Capacity))
        {
            // A sender heard once is no evidence yet: forget the oldest of those before any live skewed peer.
            if (unproven.Head is { } once)
            {
                senders = senders.Remove(once.Key);
                unproven = unproven.Pop();
            }
            else if (proven.Head is { } stalest)
            {
                senders = senders.Remove(stalest.Key);
                peers = peers.Remove(stalest.Key);
                proven = proven.Pop();
            }
        }
        var first = new SkewedPeer(announce.Valor, announce.Name, announce.Uuid, announce.Unix, Advanced: false, LastAdvance: now, FirstHeard: now);
        return new SkewEvidence(senders.SetItem(announce.Uuid, first), unproven.Stamp(announce.Uuid, now), proven, peers, _accepted, _acceptedOrder,
            ReferenceEquals(peers, _advanced) ? _peers : null);
    }

    /// <summary>Forgets a sender whose announce was just accepted: its clock is no longer skewed.</summary>
    /// <param name="uuid">The sender's run uuid.</param>
    public SkewEvidence Forget(string uuid)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        if (!_senders.TryGetValue(uuid, out var known))
        {
            return this;
        }
        return known.Advanced
            ? new SkewEvidence(_senders.Remove(uuid), _unproven, _proven, _advanced.Remove(uuid), _accepted, _acceptedOrder)
            : new SkewEvidence(_senders.Remove(uuid), _unproven, _proven, _advanced, _accepted, _acceptedOrder, _peers);
    }

    /// <summary>
    /// When the next sender is forgotten by <see cref="Expire"/> if none advances before then: the earliest last
    /// advance plus <paramref name="tolerance"/> (local monotonic time); null when no sender is remembered.
    /// </summary>
    /// <param name="tolerance">How long evidence stays fresh without a new advance.</param>
    public TimeSpan? NextExpiry(TimeSpan tolerance) =>
        (_unproven.Head, _proven.Head) switch
        {
            ({ } u, { } p) => (u.At < p.At ? u.At : p.At) + tolerance,
            ({ } u, null) => u.At + tolerance,
            (null, { } p) => p.At + tolerance,
            _ => null,
        };

    /// <summary>
    /// Forgets senders whose <c>unix</c> has not advanced for more than <paramref name="tolerance"/> (the legion
    /// tolerance, strictly more, as a member expires): a stopped peer, or a replay that repeats itself. O(1) per
    /// sender forgotten.
    /// </summary>
    /// <param name="now">Local monotonic time.</param>
    /// <param name="tolerance">How long evidence stays fresh without a new advance.</param>
    public SkewEvidence Expire(TimeSpan now, TimeSpan tolerance)
    {
        var evidence = this;
        while (true)
        {
            if (evidence._unproven.Head is { } u && now - u.At > tolerance)
            {
                evidence = evidence.Forget(u.Key);
            }
            else if (evidence._proven.Head is { } p && now - p.At > tolerance)
            {
                evidence = evidence.Forget(p.Key);
            }
            else
            {
                return evidence;
            }
        }
    }

    private bool IsUnproven(string uuid, TimeSpan at) => _senders.TryGetValue(uuid, out var peer) && !peer.Advanced && peer.LastAdvance == at;

    private bool IsProven(string uuid, TimeSpan at) => _advanced.TryGetValue(uuid, out var peer) && peer.LastAdvance == at;

    private bool IsAccepted(string uuid, TimeSpan at) => _accepted.TryGetValue(uuid, out var accepted) && accepted.At == at;

    private sealed record Accepted(long Unix, TimeSpan At);
}
