using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>
/// A bounded map from short byte sequences to the string they decode to, so that the values that
/// repeat in every heartbeat (names, uuids, extension keys) are decoded once and then shared.
/// </summary>
/// <remarks>
/// A direct-mapped table: each byte sequence has one slot, chosen by a hash seeded per instance; a
/// miss overwrites the slot. So memory is bounded (<c>capacity</c> entries of at most
/// <c>maxLength</c> bytes, whatever arrives), a hit costs one hash and one byte comparison, and
/// hostile input (random uuids, or sequences crafted to collide) can only evict entries, which costs
/// the allocation the cache would have saved, never a longer search. Sequences longer than
/// <c>maxLength</c> are decoded fresh and not kept. A returned string always decodes exactly the
/// given bytes: the hit path compares the stored bytes in full. Not thread-safe: one owner.
/// </remarks>
internal sealed class RecentStrings
{
    private readonly (byte[] Bytes, string Text)[] slots;
    private readonly Encoding encoding;
    private readonly int maxLength;
    private readonly int seed = Random.Shared.Next();

    /// <param name="capacity">Slots, a power of two.</param>
    /// <param name="maxLength">Longest byte sequence kept, in bytes.</param>
    /// <param name="encoding">How bytes become text (UTF-8 or Latin-1).</param>
    public RecentStrings(int capacity, int maxLength, Encoding encoding)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be a positive power of two.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        slots = new (byte[], string)[capacity];
        this.encoding = encoding;
        this.maxLength = maxLength;
    }

    /// <summary>Slots in the table.</summary>
    public int Capacity => slots.Length;

    /// <summary>Entries currently kept (for tests): at most <see cref="Capacity"/>.</summary>
    public int Count => slots.Count(slot => slot.Bytes is not null);

    /// <summary>Bytes held by the kept entries' byte copies (for tests): at most capacity × maxLength.</summary>
    public long RetainedBytes => slots.Sum(slot => (long)(slot.Bytes?.Length ?? 0));

    /// <summary>The text of <paramref name="bytes"/>: the kept instance when these exact bytes were seen last in their slot, else a new one (then kept).</summary>
    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > maxLength)
        {
            return encoding.GetString(bytes);
        }

        var hash = new HashCode();
        hash.Add(seed);
        hash.AddBytes(bytes);
        ref var slot = ref slots[hash.ToHashCode() & (slots.Length - 1)];
        if (slot.Bytes is { } kept && bytes.SequenceEqual(kept))
        {
            return slot.Text;
        }

        string text = encoding.GetString(bytes);
        slot = (bytes.ToArray(), text);
        return text;
    }
}
