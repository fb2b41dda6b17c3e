namespace Legion.Actors.Model;

/// <summary>
/// The scroll list as a node serves it between rebuilds: made from this node's scroll and the member table of one
/// moment, and made again only when members come or go or the node's own scroll is replaced (as uWSGI 2.0's legion.c
/// rebuilds it when a node is added or removed, not on every announce). The list itself is built on first read, at most
/// once; whether it leaves anything out is known without building it. Immutable.
/// </summary>
internal sealed class ScrollListView
{
    private ScrollListView(ReadOnlyMemory<byte>? own, Lazy<ScrollList?> list, bool truncated)
    {
        Own = own;
        List = list;
        Truncated = truncated;
    }

    /// <summary>This node's scroll the list was made with; null for none.</summary>
    public ReadOnlyMemory<byte>? Own { get; }

    /// <summary>The list, built on first read (thread-safe: a status snapshot may be read on any thread).</summary>
    public Lazy<ScrollList?> List { get; }

    /// <summary>True when the list leaves this node's scroll or a member's out (<c>legion-scroll-list-max-size</c>).</summary>
    public bool Truncated { get; }

    /// <summary>A view of the list of <paramref name="own"/> and the members of <paramref name="membership"/>.</summary>
    /// <param name="own">This node's scroll, or null.</param>
    /// <param name="membership">The member table now.</param>
    /// <param name="maxSize">The list's limit in bytes (<c>legion-scroll-list-max-size</c>, default 32768).</param>
    public static ScrollListView Of(ReadOnlyMemory<byte>? own, Membership membership, long maxSize)
    {
        ArgumentNullException.ThrowIfNull(membership);
        var members = membership.Members;
        var list = new Lazy<ScrollList?>(() => ScrollList.Build(own, members, maxSize), LazyThreadSafetyMode.ExecutionAndPublication);
        return new ScrollListView(own, list, ScrollList.WouldTruncate(own?.Length ?? 0, members.Count, membership.ScrollBytes, maxSize));
    }

    /// <summary>
    /// The view to serve now: <paramref name="view"/> while it was made with <paramref name="own"/>, else one made from
    /// the member table now (also when there is none yet).
    /// </summary>
    /// <param name="view">The view served so far; null before the first.</param>
    /// <param name="own">This node's scroll now.</param>
    /// <param name="membership">The member table now.</param>
    /// <param name="maxSize">As for <see cref="Of"/>.</param>
    public static ScrollListView Current(ScrollListView? view, ReadOnlyMemory<byte>? own, Membership membership, long maxSize) =>
        view is not null && Nullable.Equals(view.Own, own) ? view : Of(own, membership, maxSize);

    /// <summary>
    /// The view after the member table changed from <paramref name="before"/> to <paramref name="after"/>:
    /// <paramref name="view"/> while the same members remain (only their announces changed), else one made from
    /// <paramref name="after"/> (also when there is none yet).
    /// </summary>
    /// <param name="view">The view served so far; null before the first.</param>
    /// <param name="before">The member table before the change.</param>
    /// <param name="after">The member table after it.</param>
    /// <param name="own">This node's scroll now.</param>
    /// <param name="maxSize">As for <see cref="Of"/>.</param>
    public static ScrollListView AfterMembershipChange(ScrollListView? view, Membership before, Membership after, ReadOnlyMemory<byte>? own, long maxSize)
    {
        ArgumentNullException.ThrowIfNull(before);
        return view is not null && before.SameMembers(after) ? view : Of(own, after, maxSize);
    }

    /// <summary>
    /// True when this view leaves something out and <paramref name="previous"/> did not: the moment to warn once,
    /// not again at every rebuild of a list that stays full.
    /// </summary>
    /// <param name="previous">The view served before; null before the first.</param>
    public bool StartsTruncating(ScrollListView? previous) => Truncated && previous?.Truncated != true;
}
