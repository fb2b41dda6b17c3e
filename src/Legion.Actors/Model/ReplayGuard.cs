using System.Collections.Immutable;

namespace Legion.Actors.Model;

/// <summary>
/// Replay protection of the authenticated protocol mode: per sender (its run uuid, new at every
/// start), the newest sequence number accepted; anything not newer is refused. Stricter than a
/// reorder window on purpose: an announce is a snapshot of the sender's state, so one that arrives
/// after a newer one is stale and dropping it loses nothing, while a window would let an attacker
/// inject a captured-but-undelivered announce later. Entries of senders silent for longer than the
/// horizon are forgotten (a datagram that old fails the timestamp check anyway), and at most
/// <see cref="Capacity"/> senders are remembered (the least recently seen is forgotten first).
/// Immutable and pure: time comes in as an argument.
/// </summary>
public sealed class ReplayGuard
{
    /// <summary>Most senders remembered: 4096.</summary>
    public const int Capacity = 4096;

    private readonly ImmutableDictionary<string, Entry> _senders;

    private ReplayGuard(ImmutableDictionary<string, Entry> senders) => _senders = senders;

    /// <summary>A guard that has seen nothing.</summary>
    public static ReplayGuard Empty { get; } = new(ImmutableDictionary<string, Entry>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Senders currently remembered.</summary>
    public int Count => _senders.Count;

    /// <summary>
    /// Checks one datagram's sequence number. Returns the guard to keep and whether the datagram is
    /// fresh (newer than any accepted from that sender); a replayed or stale one returns this guard.
    /// </summary>
    /// <param name="sender">The sender's run uuid.</param>
    /// <param name="sequence">The datagram's sequence number (1, 2, ... per sender run).</param>
    /// <param name="now">Local monotonic time of reception.</param>
    public (ReplayGuard Guard, bool Fresh) Check(string sender, ulong sequence, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (_senders.TryGetValue(sender, out var entry))
        {
            return sequence > entry.Newest
                ? (new ReplayGuard(_senders.SetItem(sender, new Entry(sequence, now))), true)
                : (this, false);
        }
        var senders = _senders.Count >= Capacity ? _senders.Remove(_senders.MinBy(s => s.Value.LastSeen).Key) : _senders;
        return (new ReplayGuard(senders.SetItem(sender, new Entry(sequence, now))), true);
    }

    /// <summary>Forgets senders not heard from for longer than <paramref name="horizon"/>.</summary>
    public ReplayGuard Forget(TimeSpan now, TimeSpan horizon)
    {
        var stale = _senders.Where(s => now - s.Value.LastSeen > horizon).Select(s => s.Key).ToList();
        return stale.Count == 0 ? this : new ReplayGuard(_senders.RemoveRange(stale));
    }

    private sealed record Entry(ulong Newest, TimeSpan LastSeen);
}
