using System.Text;
using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

/// <summary>When the served scroll list is made again, and when it starts leaving scrolls out.</summary>
public class ScrollListViewTests
{
    private static readonly NodeIdentity Self = Node(90, 1, "a");
    private static readonly ReadOnlyMemory<byte>? Own = Encoding.UTF8.GetBytes("v1");

    private static Membership With(params int[] peers) =>
        Table(Self, 0, peers.Select(p => (Node(50, p, "n" + p), Vote.None, 0UL)).ToArray());

    [Fact]
    public void The_first_change_of_the_member_table_makes_a_view_from_the_table_after_it()
    {
        var view = ScrollListView.AfterMembershipChange(null, Membership.Empty, With(2), Own, 32768);

        Assert.Equal(2, view.List.Value!.Entries.Count);
        Assert.Equal("v1", Encoding.UTF8.GetString(view.List.Value.Entries[0].Scroll.Span));
    }

    [Fact]
    public void The_view_is_kept_while_the_same_members_only_announce_again_and_made_again_when_one_joins()
    {
        var table = With(2);
        var view = ScrollListView.Of(Own, table, 32768);
        var again = table.Receive(From(Node(50, 2, "n2"), 1), Self, At(1), TimeSpan.FromSeconds(30)).Membership;

        Assert.Same(view, ScrollListView.AfterMembershipChange(view, table, again, Own, 32768));
        var joined = ScrollListView.AfterMembershipChange(view, again, With(2, 3), Own, 32768);
        Assert.NotSame(view, joined);
        Assert.Equal(3, joined.List.Value!.Entries.Count);
    }

    [Fact]
    public void The_view_is_made_again_when_the_own_scroll_is_replaced_and_kept_when_it_is_not()
    {
        var table = With(2);
        var view = ScrollListView.Of(Own, table, 32768);

        Assert.Same(view, ScrollListView.Current(view, Own, table, 32768));
        var replaced = ScrollListView.Current(view, Encoding.UTF8.GetBytes("v2"), table, 32768);
        Assert.Equal("v2", Encoding.UTF8.GetString(replaced.List.Value!.Entries[0].Scroll.Span));
        Assert.Null(ScrollListView.Current(null, null, table, 32768).Own);
    }

    [Theory]
    // own scroll of 2 bytes + 2 per entry: 4 bytes for the node alone, 2 more per member without a scroll
    [InlineData(0, 8, false)]
    [InlineData(2, 8, false)]
    [InlineData(3, 8, true)]
    [InlineData(0, 3, true)]
    public void Whether_the_list_leaves_something_out_is_known_before_it_is_built(int members, long maxSize, bool truncated)
    {
        var view = ScrollListView.Of(Own, With(Enumerable.Range(2, members).ToArray()), maxSize);

        Assert.Equal(truncated, view.Truncated);
        Assert.False(view.List.IsValueCreated);
        Assert.Equal(truncated, view.List.Value!.Truncated);
    }

    [Fact]
    public void Only_the_first_view_that_leaves_something_out_starts_truncating()
    {
        var full = ScrollListView.Of(Own, With(2, 3, 4), 8);
        var fits = ScrollListView.Of(Own, With(2), 8);

        Assert.True(full.StartsTruncating(null));
        Assert.True(full.StartsTruncating(fits));
        Assert.False(full.StartsTruncating(ScrollListView.Of(Own, With(2, 3, 4, 5), 8)));
        Assert.False(fits.StartsTruncating(full));
    }
}
