using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

/// <summary>The member cap (<c>legion-max-members</c>): a flood of new uuids cannot grow the table past it.</summary>
public class MembershipCapTests
{
    private static readonly NodeIdentity Self = Node(50, 1);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    private static Membership Full(int cap)
    {
        var table = Membership.Empty;
        for (int i = 0; i < cap; i++)
        {
            table = table.Receive(From(Node(10, 100 + i, $"peer{i}"), 10), Self, At(10), Skew, cap).Membership;
        }
        return table;
    }

    [Fact]
    public void An_unknown_node_is_refused_once_the_table_holds_the_maximum()
    {
        var table = Full(3);

        var result = table.Receive(From(Node(99, 999, "late"), 11), Self, At(11), Skew, maxMembers: 3);

        Assert.Equal(ReceiveOutcome.Refused, result.Outcome);
        Assert.Null(result.Member);
        Assert.Same(table, result.Membership);
        Assert.Equal(3, result.Membership.Count);
    }

    [Fact]
    public void Known_members_are_still_refreshed_and_removed_when_the_table_is_full()
    {
        var table = Full(3);
        var known = Node(10, 100, "peer0");

        var refreshed = table.Receive(From(known, 12, checksum: 7), Self, At(12), Skew, maxMembers: 3);
        var died = refreshed.Membership.Receive(From(known, 13, dead: true), Self, At(13), Skew, maxMembers: 3);

        Assert.Equal(ReceiveOutcome.Updated, refreshed.Outcome);
        Assert.Equal(7UL, refreshed.Member!.Checksum);
        Assert.Equal(ReceiveOutcome.Died, died.Outcome);
        Assert.Equal(2, died.Membership.Count);
    }

    [Fact]
    public void A_refused_node_is_admitted_once_a_member_expires()
    {
        var table = Full(2).Receive(From(Node(10, 100, "peer0"), 20), Self, At(20), Skew, 2).Membership;
        var expired = table.Expire(At(26), TimeSpan.FromSeconds(15)).Membership;

        var result = expired.Receive(From(Node(99, 999, "late"), 26), Self, At(26), Skew, maxMembers: 2);

        Assert.Equal(ReceiveOutcome.Joined, result.Outcome);
        Assert.Equal(2, result.Membership.Count);
    }

    [Fact]
    public void A_flood_of_ten_thousand_new_uuids_never_grows_the_table_past_the_cap()
    {
        var table = Membership.Empty;
        int refused = 0;
        for (int i = 0; i < 10_000; i++)
        {
            var result = table.Receive(From(Node((ulong)(i % 65536), 10 + i, "forged"), 10), Self, At(10), Skew, maxMembers: 64);
            table = result.Membership;
            refused += result.Outcome == ReceiveOutcome.Refused ? 1 : 0;
        }

        Assert.Equal(64, table.Count);
        Assert.Equal(10_000 - 64, refused);
    }

    [Fact]
    public void A_death_announce_of_an_unknown_node_is_ignored_not_refused_when_the_table_is_full()
    {
        var result = Full(1).Receive(From(Node(99, 999, "late"), 11, dead: true), Self, At(11), Skew, maxMembers: 1);

        Assert.Equal(ReceiveOutcome.IgnoredDeath, result.Outcome);
    }

    [Fact]
    public void A_cap_below_one_is_a_programming_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Membership.Empty.Receive(From(Node(1, 2, "p"), 1), Self, At(1), Skew, maxMembers: 0));
}
