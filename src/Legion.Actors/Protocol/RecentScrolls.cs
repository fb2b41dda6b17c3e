namespace Legion.Actors.Protocol;

/// <summary>
/// A bounded map from scroll bytes to one immutable copy of them, so that a sender announcing the
/// same scroll every heartbeat costs no new array per announce. The same design as
/// <see cref="RecentStrings"/> (two-way set-associative, per-instance hash seed, a miss replaces the
/// less recently used slot of its set, full byte comparison on hit). A kept array is never written again, so the memory handed out may be shared by
/// any number of announces. Not thread-safe: one owner.
/// </summary>
internal sealed class RecentScrolls
{
    private readonly byte[]?[] slots;
    private readonly int maxLength;
    private readonly int seed = Random.Shared.Next();

    /// <param name="capacity">Slots, a power of two (sets of two slots; a capacity of 1 is one slot).</param>
    /// <param name="maxLength">Longest scroll kept, in bytes; longer ones are copied fresh each time.</param>
    public RecentScrolls(int capacity, int maxLength)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be a positive power of two.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        slots = new byte[]?[capacity];
        this.maxLength = maxLength;
    }

    /// <summary>Entries currently kept (for tests).</summary>
    public int Count => slots.Count(slot => slot is not null);

    /// <summary>Bytes held by the kept scrolls (for tests): at most capacity × maxLength.</summary>
    public long RetainedBytes => slots.Sum(slot => (long)(slot?.Length ?? 0));

    /// <summary>Memory holding exactly <paramref name="bytes"/>, never written again by anyone.</summary>
    public ReadOnlyMemory<byte> Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > maxLength)
        {
            return bytes.ToArray();
        }

        var hash = new HashCode();
        hash.Add(seed);
        hash.AddBytes(bytes);
        int first = TwoWaySets.First(hash.ToHashCode(), slots.Length);
        if (slots[first] is { } kept && bytes.SequenceEqual(kept))
        {
            return kept;
        }

        // A new array, never an old one overwritten: announces already handed out keep their bytes.
        if (!TwoWaySets.HasSecond(slots.Length))
        {
            return slots[first] = bytes.ToArray();
        }

        // A miss takes the second slot (the less recently used); either way the entry just used then goes first.
        byte[] used = slots[first + 1] is { } other && bytes.SequenceEqual(other) ? other : bytes.ToArray();
        slots[first + 1] = slots[first];
        slots[first] = used;
        return used;
    }
}
