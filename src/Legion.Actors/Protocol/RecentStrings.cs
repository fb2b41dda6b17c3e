using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>
/// A bounded map from short byte sequences to the string they decode to, so that the values that
/// repeat in every heartbeat (names, uuids, extension keys) are decoded once and then shared.
/// </summary>
/// <remarks>
/// A two-way set-associative table: each byte sequence maps to one set of two slots, chosen by a hash
/// seeded per instance; a hit moves its entry to the set's first slot, a miss pushes the first slot's
/// entry into the second and takes the first. So two values that land in one set (an announce's name
/// and its extension key, one time in 32 with the default sizes) are both kept, memory is bounded
/// (<c>capacity</c> entries of at most <c>maxLength</c> bytes, whatever arrives), a hit costs one hash
/// and at most two byte comparisons, and hostile input (random uuids, or sequences crafted to collide)
/// can only evict entries, which costs the allocation the cache would have saved, never a longer
/// search. Sequences longer than <c>maxLength</c> are decoded fresh and not kept. A returned string
/// always decodes exactly the given bytes: the hit path compares the stored bytes in full. Not
/// thread-safe: one owner.
/// </remarks>
internal sealed class RecentStrings
{
    private readonly (byte[] Bytes, string Text)[] slots;
    private readonly Encoding encoding;
    private readonly int maxLength;
    private readonly int seed = Random.Shared.Next();

    /// <param name="capacity">Slots, a power of two (sets of two slots; a capacity of 1 is one slot).</param>
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

    /// <summary>The text of <paramref name="bytes"/>: the kept instance when these exact bytes are still in their set, else a new one (then kept).</summary>
    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > maxLength)
        {
            return encoding.GetString(bytes);
        }

        var hash = new HashCode();
        hash.Add(seed);
        hash.AddBytes(bytes);
        int first = TwoWaySets.First(hash.ToHashCode(), slots.Length);
        if (slots[first].Bytes is { } kept && bytes.SequenceEqual(kept))
        {
            return slots[first].Text;
        }

        if (!TwoWaySets.HasSecond(slots.Length))
        {
            string only = encoding.GetString(bytes);
            slots[first] = (bytes.ToArray(), only);
            return only;
        }

        // A miss takes the second slot (the less recently used); either way the entry just used then goes first.
        string text;
        if (slots[first + 1].Bytes is { } other && bytes.SequenceEqual(other))
        {
            text = slots[first + 1].Text;
        }
        else
        {
            text = encoding.GetString(bytes);
            slots[first + 1] = (bytes.ToArray(), text);
        }

        (slots[first], slots[first + 1]) = (slots[first + 1], slots[first]);
        return text;
    }
}
