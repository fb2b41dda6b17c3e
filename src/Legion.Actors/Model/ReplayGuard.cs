using System.Collections.Immutable;

namespace Legion.Actors.Model;

/// <summary>
/// Replay protection of the authenticated protocol mode: per sender (its run uuid, new at every
/// start), the newest sequence number accepted; anything not newer is refused. Stricter than a
/// reorder window on purpose: an announce is a snapshot of the sender's state, so one that arrives
/// after a newer one is stale and dropping it loses nothing, while a window would let an attacker
/// inject a captured-but-undelivered announce later. Entries of senders silent for longer than the
/// horizon are forgotten (a datagram that old fails the timestamp check anyway), and at most
/// <see cref="Capacity"/> senders are remembered (the least recently seen is forgotten first, in O(1) amortized
/// through a <see cref="RecencyQueue"/>: a flood of new uuids costs no scan of the table per datagram).
/// Immutable and pure: time comes in as an argument.
/// </summary>
internal sealed class ReplayGuard
{
    /// <summary>Most senders remembered: 4096.</summary>
    public const int Capacity = 4096;

    private readonly ImmutableDictionary<string, Entry> _senders;
    private readonly RecencyQueue _recency;

    private ReplayGuard(ImmutableDictionary<string, Entry> senders, RecencyQueue recency)
    {
        _senders = senders;
        _recency = recency.Compacted(senders.Count, () => senders.Select(s => (s.Key, s.Value.LastSeen)));
    }

    /// <summary>A guard that has seen nothing.</summary>
    public static ReplayGuard Empty { get; } = new(ImmutableDictionary<string, Entry>.Empty.WithComparers(StringComparer.Ordinal), RecencyQueue.Empty);

    /// <summary>Senders currently remembered.</summary>
    public int Count => _senders.Count;

    /// <summary>
    /// Checks one datagram's sequence number. Returns the guard to keep and whether the datagram is
    /// fresh (newer than any accepted from that sender); a replayed or stale one returns this guard.
    /// </summary>
    /// <param name="sender">The sender's run uuid.</param>
    /// <param name="sequence">The datagram's sequence number (1, 2, ... per sender run).</param>
    /// <param name="now">Local monotonic time of reception.</param>
    public (ReplayGuard Guard, bool Fresh) Check(string sender, ulong sequence, TimeSpan now) => Check(sender, sequence, long.MinValue, now);

    /// <summary>
    /// Checks one datagram's sequence number and timestamp. Fresh when its sequence number is newer than any accepted
    /// from that sender, or when its <c>unix</c> is newer than that of every announce accepted from it: no replay can
    /// carry a time its sender had not reached when this node last heard it, so such an announce comes from the
    /// sender itself, and its (lower) sequence number becomes the bar. This heals a poisoned sequence: one forged
    /// announce (an insider's, with the secret) carrying a sender's uuid and sequence number 2^64−1 no longer drops
    /// all its later announces for ever, only those stamped no later than the forgery (at most the skew tolerance,
    /// since a future-dated announce never becomes the bar). A future-dated announce (<paramref name="futureDated"/>,
    /// which membership then drops) is let through unrecorded.
    /// </summary>
    /// <param name="sender">The sender's run uuid.</param>
    /// <param name="sequence">The datagram's sequence number (1, 2, ... per sender run).</param>
    /// <param name="unix">The announce's <c>unix</c> (seconds); <see cref="long.MinValue"/> to check the sequence number alone.</param>
    /// <param name="now">Local monotonic time of reception.</param>
    /// <param name="futureDated">True when the announce is stamped later than the skew tolerance allows.</param>
    public (ReplayGuard Guard, bool Fresh) Check(string sender, ulong sequence, long unix, TimeSpan now, bool futureDated = false)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (_senders.TryGetValue(sender, out var entry))
        {
            if (sequence <= entry.Newest && unix <= entry.NewestUnix)
            {
                return (this, false);
            }
            return futureDated
                ? (this, true)
                : (new ReplayGuard(_senders.SetItem(sender, new Entry(sequence, Math.Max(unix, entry.NewestUnix), now)), _recency.Stamp(sender, now)), true);
        }
        if (futureDated)
        {
            return (this, true);
        }
        var senders = _senders;
        var recency = _recency;
        if (senders.Count >= Capacity)
        {
            (recency, var oldest) = recency.Oldest(IsCurrent);
            senders = senders.Remove(oldest!.Value.Key);
            recency = recency.Pop();
        }
        return (new ReplayGuard(senders.SetItem(sender, new Entry(sequence, unix, now)), recency.Stamp(sender, now)), true);
    }

    /// <summary>Forgets senders not heard from for longer than <paramref name="horizon"/>; O(1) per sender forgotten.</summary>
    public ReplayGuard Forget(TimeSpan now, TimeSpan horizon)
    {
        var senders = _senders;
        var recency = _recency;
        while (true)
        {
            (recency, var oldest) = recency.Oldest(IsCurrent);
            if (oldest is not { } head || now - head.At <= horizon)
            {
                break;
            }
            senders = senders.Remove(head.Key);
            recency = recency.Pop();
        }
        return ReferenceEquals(senders, _senders) ? this : new ReplayGuard(senders, recency);
    }

    private bool IsCurrent(string sender, TimeSpan at) => _senders.TryGetValue(sender, out var entry) && entry.LastSeen == at;

    private sealed record Entry(ulong Newest, long NewestUnix, TimeSpan LastSeen);
}
