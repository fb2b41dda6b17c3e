using System.Collections.Immutable;

namespace Legion.Actors.Model;

/// <summary>
/// The eviction order of a bounded table keyed by sender (<see cref="ReplayGuard"/>, <see cref="SkewEvidence"/>): the
/// keys in the order they were last stamped, oldest first, so that forgetting the oldest costs O(1) amortized instead
/// of a scan of the whole table (a scan per new sender made a flood of new uuids ~30x dearer than a refresh, issue 12).
/// A key stamped again is enqueued again; its earlier entries stay behind and are skipped when they reach the head
/// (lazy deletion: the owner says which (key, stamp) is current). Stale entries are compacted away once they
/// outnumber the live keys, so the queue stays within about twice the table. Stamps must not go backwards (they are
/// local monotonic time). Immutable.
/// </summary>
internal sealed class RecencyQueue
{
    private readonly ImmutableQueue<(string Key, TimeSpan At)> _entries;
    private readonly int _length;

    private RecencyQueue(ImmutableQueue<(string Key, TimeSpan At)> entries, int length)
    {
        _entries = entries;
        _length = length;
    }

    /// <summary>No keys.</summary>
    public static RecencyQueue Empty { get; } = new(ImmutableQueue<(string, TimeSpan)>.Empty, 0);

    /// <summary>The oldest entry, current or not; null when empty. After <see cref="Oldest"/>, the oldest current one.</summary>
    public (string Key, TimeSpan At)? Head => _entries.IsEmpty ? null : _entries.Peek();

    /// <summary>Entries held, stale ones included.</summary>
    public int Length => _length;

    /// <summary><paramref name="key"/> stamped at <paramref name="at"/>, now the newest.</summary>
    public RecencyQueue Stamp(string key, TimeSpan at) => new(_entries.Enqueue((key, at)), _length + 1);

    /// <summary>
    /// The oldest current entry, with the stale entries ahead of it dropped; null and an empty queue when none is current.
    /// </summary>
    /// <param name="isCurrent">True when (key, stamp) is still the key's stamp in the owner's table.</param>
    public (RecencyQueue Queue, (string Key, TimeSpan At)? Oldest) Oldest(Func<string, TimeSpan, bool> isCurrent)
    {
        var entries = _entries;
        int length = _length;
        while (!entries.IsEmpty)
        {
            var head = entries.Peek();
            if (isCurrent(head.Key, head.At))
            {
                return (length == _length ? this : new RecencyQueue(entries, length), head);
            }
            entries = entries.Dequeue();
            length--;
        }
        return (Empty, null);
    }

    /// <summary>The queue without its head (the caller has just removed that key from its table, or found it stale).</summary>
    public RecencyQueue Pop() => _entries.IsEmpty ? this : new RecencyQueue(_entries.Dequeue(), _length - 1);

    /// <summary>
    /// Rebuilt from the current stamps when stale entries outnumber the <paramref name="live"/> keys (plus a margin),
    /// else this queue. The rebuild sorts (O(n log n)) but comes at most once per n stampings, so O(log n) amortized.
    /// </summary>
    /// <param name="live">How many keys the owner's table holds.</param>
    /// <param name="current">The owner's (key, stamp) pairs, asked for only when a rebuild is due.</param>
    public RecencyQueue Compacted(int live, Func<IEnumerable<(string Key, TimeSpan At)>> current)
    {
        if (_length <= (2 * live) + 32)
        {
            return this;
        }
        var ordered = current().OrderBy(e => e.At).ToList();
        return new RecencyQueue(ImmutableQueue.CreateRange(ordered), ordered.Count);
    }
}
