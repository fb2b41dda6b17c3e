using System.Text;
using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public class ScrollListTests
{
    private static readonly NodeIdentity Self = Node(10, 1);

    private static Membership WithScrolls(params string?[] scrolls)
    {
        var table = Membership.Empty;
        for (int i = 0; i < scrolls.Length; i++)
        {
            var announce = From(Node(20, 10 + i, name: $"n{i}"), 1) with { Scroll = scrolls[i] is { } s ? Encoding.UTF8.GetBytes(s) : null };
            table = table.Receive(announce, Self, At(1), TimeSpan.FromSeconds(30)).Membership;
        }
        return table;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(13)]
    [InlineData(14)] // everything fits exactly
    [InlineData(15)]
    [InlineData(32768)]
    public void WouldTruncate_agrees_with_building_the_list_at_every_limit_around_the_size(long maxSize)
    {
        var table = WithScrolls("a", null, "ccc");
        byte[] own = "me"u8.ToArray();

        Assert.Equal(
            ScrollList.Build(own, table.Members, maxSize).Truncated,
            ScrollList.WouldTruncate(own.Length, table.Count, table.ScrollBytes, maxSize));
    }

    [Fact]
    public void Own_scroll_first_then_members_in_join_order_each_with_a_little_endian_length()
    {
        var list = ScrollList.Build("me"u8.ToArray(), WithScrolls("a", null, "ccc").Members, 32768);

        Assert.Equal([2, 0, (byte)'m', (byte)'e', 1, 0, (byte)'a', 0, 0, 3, 0, (byte)'c', (byte)'c', (byte)'c'], list.Bytes.ToArray());
        Assert.Equal([null, "n0", "n1", "n2"], list.Entries.Select(e => e.Member?.Name));
        Assert.False(list.Truncated);
    }

    [Fact]
    public void A_node_without_a_scroll_still_takes_an_empty_entry()
    {
        var list = ScrollList.Build(null, [], 32768);
        Assert.Equal([0, 0], list.Bytes.ToArray());
    }

    [Fact]
    public void Members_past_the_limit_are_left_out_as_uwsgi_stops_at_the_first_that_does_not_fit()
    {
        // 2+2 (own) + 2+5 = 11 fits in 12; the next (2+1) does not, and neither does anything after it.
        var list = ScrollList.Build("me"u8.ToArray(), WithScrolls("12345", "x", "").Members, 12);

        Assert.Equal(11, list.Bytes.Length);
        Assert.Equal(2, list.MembersLeftOut);
        Assert.True(list.Truncated);
        Assert.False(list.OwnScrollDropped);
    }

    [Fact]
    public void An_own_scroll_that_does_not_fit_empties_the_list()
    {
        var list = ScrollList.Build(new byte[100], WithScrolls("a").Members, 101);

        Assert.True(list.OwnScrollDropped);
        Assert.Empty(list.Entries);
        Assert.Equal(0, list.Bytes.Length);
    }

    [Fact]
    public void Parsing_the_wire_layout_gives_back_every_scroll()
    {
        var list = ScrollList.Build("me"u8.ToArray(), WithScrolls("a", null, "ccc").Members, 32768);

        var scrolls = ScrollList.Parse(list.Bytes)!.Select(s => Encoding.UTF8.GetString(s.Span));

        Assert.Equal(["me", "a", "", "ccc"], scrolls);
    }

    [Theory]
    [InlineData(new byte[] { 1 })]
    [InlineData(new byte[] { 5, 0, 1, 2 })]
    public void A_truncated_list_does_not_parse(byte[] bytes)
    {
        Assert.Null(ScrollList.Parse(bytes));
    }
}
