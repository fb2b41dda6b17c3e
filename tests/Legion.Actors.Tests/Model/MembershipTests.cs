using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public class MembershipTests
{
    private static readonly NodeIdentity Self = Node(50, 1);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    [Fact]
    public void An_unknown_node_joins_the_table_with_its_vote_and_checksum()
    {
        var peer = Node(70, 2, "peer");
        var result = Membership.Empty.Receive(From(peer, 10, new Vote(70, peer.Uuid), 1234), Self, At(10), Skew);

        Assert.Equal(ReceiveOutcome.Joined, result.Outcome);
        var member = Assert.Single(result.Membership.Members);
        Assert.Equal(peer.Key, member.Key);
        Assert.Equal(new Vote(70, peer.Uuid), member.Vote);
        Assert.Equal(1234UL, member.Checksum);
        Assert.Equal(TimeSpan.FromSeconds(10), member.LastSeen);
    }

    [Fact]
    public void The_kept_checksum_equals_the_full_sum_through_joins_refreshes_deaths_expiries_and_removals()
    {
        var random = new Random(7);
        var table = Membership.Empty;
        var peers = Enumerable.Range(2, 40).Select(i => Node((ulong)random.Next(0, 70_000), i, $"peer{i}")).ToList();
        double now = 10;
        for (int step = 0; step < 2_000; step++)
        {
            now += 0.01;
            var peer = peers[random.Next(peers.Count)];
            switch (random.Next(10))
            {
                case 0:
                    table = table.Receive(From(peer, now, dead: true), Self, At(now), Skew).Membership;
                    break;
                case 1:
                    table = table.Remove(peer.Key);
                    break;
                case 2:
                    table = table.Expire(At(now), TimeSpan.FromSeconds(random.Next(1, 5))).Membership;
                    break;
                default:
                    table = table.Receive(From(peer, now), Self, At(now), Skew).Membership;
                    break;
            }
            Assert.Equal(LegionChecksum.Compute(Self, table.Members), table.Checksum(Self));
        }
        Assert.NotEqual(0, table.Count); // the walk ends with members, so the sums compared were not all trivial
    }

    [Fact]
    public void A_repeated_scroll_keeps_the_tables_copy_and_a_changed_one_is_copied_anew()
    {
        var peer = Node(70, 2, "peer");
        var table = Membership.Empty.Receive(From(peer, 10) with { Scroll = new byte[] { 1, 2, 3 } }, Self, At(10), Skew).Membership;
        var first = table.Members[0].Scroll!.Value;
        var caller = new byte[] { 1, 2, 3 };
        table = table.Receive(From(peer, 11) with { Scroll = caller }, Self, At(11), Skew).Membership;
        Assert.True(table.Members[0].Scroll!.Value.Equals(first));
        caller[0] = 9; // the caller's array is never the table's
        Assert.Equal(new byte[] { 1, 2, 3 }, table.Members[0].Scroll!.Value.ToArray());
        table = table.Receive(From(peer, 12) with { Scroll = new byte[] { 4 } }, Self, At(12), Skew).Membership;
        Assert.Equal(new byte[] { 4 }, table.Members[0].Scroll!.Value.ToArray());
    }

    [Fact]
    public void A_known_member_is_refreshed_not_added_twice()
    {
        var peer = Node(70, 2, "peer");
        var table = Membership.Empty.Receive(From(peer, 10), Self, At(10), Skew).Membership;
        var result = table.Receive(From(peer, 13, new Vote(70, peer.Uuid), 99), Self, At(13), Skew);

        Assert.Equal(ReceiveOutcome.Updated, result.Outcome);
        var member = Assert.Single(result.Membership.Members);
        Assert.Equal(TimeSpan.FromSeconds(13), member.LastSeen);
        Assert.Equal(99UL, member.Checksum);
        Assert.Equal(new Vote(70, peer.Uuid), member.Vote);
    }

    [Fact]
    public void A_death_announce_removes_a_member_at_once()
    {
        var peer = Node(70, 2, "peer");
        var table = Membership.Empty.Receive(From(peer, 10), Self, At(10), Skew).Membership;
        var result = table.Receive(From(peer, 11, dead: true), Self, At(11), Skew);

        Assert.Equal(ReceiveOutcome.Died, result.Outcome);
        Assert.Equal(peer.Key, result.Member!.Key);
        Assert.Empty(result.Membership.Members);
    }

    [Fact]
    public void A_death_announce_from_a_stranger_is_ignored()
    {
        var result = Membership.Empty.Receive(From(Node(70, 2, "peer"), 10, dead: true), Self, At(10), Skew);

        Assert.Equal(ReceiveOutcome.IgnoredDeath, result.Outcome);
        Assert.Same(Membership.Empty, result.Membership);
    }

    [Fact]
    public void Our_own_looped_back_announce_is_ignored()
    {
        var result = Membership.Empty.Receive(From(Self, 10), Self, At(10), Skew);

        Assert.Equal(ReceiveOutcome.Own, result.Outcome);
        Assert.Empty(result.Membership.Members);
    }

    [Fact]
    public void Same_name_and_uuid_from_another_pid_is_an_impersonation_never_a_member()
    {
        // uWSGI 2.0 admits it (it compares name, pid, valor and uuid); a run uuid is this process's alone (ImpersonationTests).
        var twin = Self with { Pid = Self.Pid + 1 };
        var result = Membership.Empty.Receive(From(twin, 10), Self, At(10), Skew);
        Assert.Equal(ReceiveOutcome.Impersonation, result.Outcome);
        Assert.Equal(0, result.Membership.Count);
    }

    [Theory]
    [InlineData(69, ReceiveOutcome.Skewed)]   // 31 s old
    [InlineData(70, ReceiveOutcome.Joined)]   // exactly the tolerance: uWSGI drops only when older
    [InlineData(100, ReceiveOutcome.Joined)]
    [InlineData(130, ReceiveOutcome.Joined)]  // 30 s ahead: within the tolerance
    [InlineData(131, ReceiveOutcome.FutureDated)] // beyond it: dropped in every mode (uWSGI 2.0 accepts it)
    [InlineData(500, ReceiveOutcome.FutureDated)]
    public void Announces_outside_the_skew_tolerance_either_way_are_dropped(double unixSeconds, ReceiveOutcome expected)
    {
        var announce = From(Node(70, 2, "peer"), unixSeconds);
        Assert.Equal(expected, Membership.Empty.Receive(announce, Self, At(100), Skew).Outcome);
    }

    [Fact]
    public void A_valor_change_is_a_new_identity_and_the_old_one_lingers_until_it_expires()
    {
        var peer = Node(70, 2, "peer");
        var table = Membership.Empty.Receive(From(peer, 10), Self, At(10), Skew).Membership;
        table = table.Receive(From(peer with { Valor = 80 }, 11), Self, At(11), Skew).Membership;

        Assert.Equal(2, table.Count);
        var expiry = table.Expire(At(25.5), TimeSpan.FromSeconds(15));
        Assert.Equal(peer.Key, Assert.Single(expiry.Left).Key);
        Assert.Equal(80UL, Assert.Single(expiry.Membership.Members).Valor);
    }

    [Theory]
    [InlineData(25.0, 0)]   // silent exactly the tolerance: still a member
    [InlineData(25.001, 1)] // strictly more: it leaves
    public void Members_expire_only_when_silent_for_more_than_the_tolerance(double now, int leftCount)
    {
        var table = Membership.Empty.Receive(From(Node(70, 2, "peer"), 10), Self, At(10), Skew).Membership;
        var expiry = table.Expire(At(now), TimeSpan.FromSeconds(15));

        Assert.Equal(leftCount, expiry.Left.Count);
        Assert.Equal(1 - leftCount, expiry.Membership.Count);
    }

    [Fact]
    public void NextExpiry_is_the_longest_silent_members_last_sighting_plus_the_tolerance()
    {
        var tolerance = TimeSpan.FromSeconds(15);
        Assert.Null(Membership.Empty.NextExpiry(tolerance));

        var table = Membership.Empty.Receive(From(Node(70, 2, "a"), 10), Self, At(10), Skew).Membership;
        table = table.Receive(From(Node(60, 3, "b"), 12), Self, At(12), Skew).Membership;
        Assert.Equal(TimeSpan.FromSeconds(25), table.NextExpiry(tolerance));

        // a announces again: b is now the longest silent.
        table = table.Receive(From(Node(70, 2, "a"), 14), Self, At(14), Skew).Membership;
        Assert.Equal(TimeSpan.FromSeconds(27), table.NextExpiry(tolerance));
        Assert.Empty(table.Expire(At(27), tolerance).Left);
        Assert.Equal("b", Assert.Single(table.Expire(At(27.001), tolerance).Left).Name);
    }

    [Fact]
    public void Members_keep_the_order_in_which_they_joined()
    {
        var table = Table(Self, 10, (Node(9, 9, "c"), Vote.None, 0), (Node(1, 11, "a"), Vote.None, 0), (Node(5, 5, "b"), Vote.None, 0));
        Assert.Equal(["c", "a", "b"], table.Members.Select(m => m.Name));
    }

    [Fact]
    public void Expiry_uses_the_monotonic_clock_so_a_wall_clock_jump_expires_nobody()
    {
        var table = Membership.Empty.Receive(From(Node(70, 2, "peer"), 10), Self, At(10), Skew).Membership;
        var jumped = new LegionInstant(Epoch.AddHours(5), TimeSpan.FromSeconds(12));

        Assert.Empty(table.Expire(jumped, TimeSpan.FromSeconds(15)).Left);
    }

    [Fact]
    public void A_member_without_a_scroll_has_none_and_one_with_a_scroll_keeps_its_bytes()
    {
        var plain = Membership.Empty.Receive(From(Node(70, 2, "plain"), 10), Self, At(10), Skew).Member!;
        var scrolled = Membership.Empty.Receive(From(Node(70, 3, "scrolled"), 10) with { Scroll = "blob"u8.ToArray() }, Self, At(10), Skew).Member!;

        Assert.Null(plain.Scroll);
        Assert.Equal("blob"u8.ToArray(), scrolled.Scroll!.Value.ToArray());
    }
}
