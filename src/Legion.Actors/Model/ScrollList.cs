namespace Legion.Actors.Model;

/// <summary>
/// The scroll list of one legion on one node, as uWSGI 2.0 builds it (legion.c, <c>legion_rebuild_scrolls</c>):
/// this node's scroll, then each member's in member-table order, each prefixed by its length as a 16-bit
/// little-endian number, within <c>legion-scroll-list-max-size</c> bytes. A member without a scroll takes two
/// bytes (length 0). When this node's own entry does not fit, the list is empty and uWSGI stops announcing its
/// scroll ("[DANGER] ... too much tiny buffer"); when a member's entry does not fit, it and every later member are
/// left out. Immutable and pure.
/// </summary>
public sealed record ScrollList
{
    /// <summary>The list in uWSGI's wire layout (what uWSGI's <c>uwsgi_legion_scrolls()</c> returns).</summary>
    public required ReadOnlyMemory<byte> Bytes { get; init; }

    /// <summary>The entries in the list: first this node (a null key), then members; each scroll may be empty.</summary>
    public required IReadOnlyList<ScrollListEntry> Entries { get; init; }

    /// <summary>True when this node's own entry did not fit: uWSGI then empties the list and drops its own scroll.</summary>
    public bool OwnScrollDropped { get; init; }

    /// <summary>Members left out because the list was full (0 when everything fitted).</summary>
    public int MembersLeftOut { get; init; }

    /// <summary>True when anything was left out: uWSGI logs its "[DANGER]" line then.</summary>
    public bool Truncated => OwnScrollDropped || MembersLeftOut > 0;

    /// <summary>Builds the list.</summary>
    /// <param name="ownScroll">This node's scroll, or null (an empty entry).</param>
    /// <param name="members">Members in table order.</param>
    /// <param name="maxSize">The list's limit in bytes (<c>legion-scroll-list-max-size</c>, default 32768).</param>
    public static ScrollList Build(ReadOnlyMemory<byte>? ownScroll, IEnumerable<Member> members, long maxSize)
    {
        ArgumentNullException.ThrowIfNull(members);
        var own = ownScroll ?? ReadOnlyMemory<byte>.Empty;
        if (own.Length + 2L > maxSize)
        {
            return new ScrollList { Bytes = ReadOnlyMemory<byte>.Empty, Entries = [], OwnScrollDropped = true, MembersLeftOut = members.Count() };
        }

        var buffer = new List<byte>(own.Length + 2);
        var entries = new List<ScrollListEntry> { new(null, own) };
        Append(buffer, own.Span);
        var all = members.ToList();
        var leftOut = 0;
        for (var i = 0; i < all.Count; i++)
        {
            var scroll = all[i].Scroll ?? ReadOnlyMemory<byte>.Empty;
            if (buffer.Count + 2L + scroll.Length > maxSize)
            {
                leftOut = all.Count - i;
                break;
            }

            Append(buffer, scroll.Span);
            entries.Add(new ScrollListEntry(all[i].Key, scroll));
        }

        return new ScrollList { Bytes = buffer.ToArray(), Entries = entries, MembersLeftOut = leftOut };
    }

    /// <summary>
    /// Whether <see cref="Build"/> would leave anything out (<see cref="Truncated"/>), from the sizes alone, without
    /// building the list: the list stops at the first entry that does not fit, so something is left out exactly when
    /// all entries (two length bytes each, plus the scrolls) exceed <paramref name="maxSize"/>.
    /// </summary>
    /// <param name="ownScrollLength">This node's scroll in bytes (0 for none).</param>
    /// <param name="memberCount">Members in the table.</param>
    /// <param name="memberScrollBytes">Total bytes of the members' scrolls.</param>
    /// <param name="maxSize">The list's limit in bytes (<c>legion-scroll-list-max-size</c>).</param>
    public static bool WouldTruncate(int ownScrollLength, int memberCount, long memberScrollBytes, long maxSize) =>
        ownScrollLength + 2L + (2L * memberCount) + memberScrollBytes > maxSize;

    /// <summary>Splits uWSGI's wire layout back into scrolls; null when it is malformed (a length past the end).</summary>
    /// <param name="bytes">A list in uWSGI's layout.</param>
    public static IReadOnlyList<ReadOnlyMemory<byte>>? Parse(ReadOnlyMemory<byte> bytes)
    {
        var scrolls = new List<ReadOnlyMemory<byte>>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (offset + 2 > bytes.Length)
            {
                return null;
            }

            var length = bytes.Span[offset] | (bytes.Span[offset + 1] << 8);
            offset += 2;
            if (offset + length > bytes.Length)
            {
                return null;
            }

            scrolls.Add(bytes.Slice(offset, length));
            offset += length;
        }

        return scrolls;
    }

    private static void Append(List<byte> buffer, ReadOnlySpan<byte> scroll)
    {
        buffer.Add((byte)(scroll.Length & 0xff));
        buffer.Add((byte)((scroll.Length >> 8) & 0xff));
        buffer.AddRange(scroll);
    }
}
