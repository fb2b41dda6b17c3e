namespace Legion.Actors.Protocol;

/// <summary>
/// A bounded map from scroll bytes to one immutable copy of them, so that a sender announcing the
/// same scroll every heartbeat costs no new array per announce. The same design as
/// <see cref="RecentStrings"/> (direct-mapped, per-instance hash seed, replace on miss, full byte
/// comparison on hit). A kept array is never written again, so the memory handed out may be shared by
/// any number of announces. Not thread-safe: one owner.
/// </summary>
internal sealed class RecentScrolls
{
    private readonly byte[]?[] slots;
    private readonly int maxLength;
    private readonly int seed = Random.Shared.Next();

    /// <param name="capacity">Slots, a power of two.</param>
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
        ref byte[]? slot = ref slots[hash.ToHashCode() & (slots.Length - 1)];
        if (slot is { } kept && bytes.SequenceEqual(kept))
        {
            return kept;
        }

        // A new array, never the old one overwritten: announces already handed out keep their bytes.
        slot = bytes.ToArray();
        return slot;
    }
}
