using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

/// <summary>
/// The figures the member table keeps as members come, change and go (its strongest member, the tally of
/// announced checksums and votes, the scroll bytes, whether two tables hold the same members) always equal what a
/// scan of its members gives.
/// </summary>
public class MembershipIndexTests
{
    private static readonly NodeIdentity Self = Node(50, 1);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(new ulong[] { }, -1)]
    [InlineData(new ulong[] { 0, 0 }, -1)]
    [InlineData(new ulong[] { 10, 30, 20 }, 1)]
    [InlineData(new ulong[] { 0, 5 }, 1)]
    [InlineData(new ulong[] { 40, 40 }, 1)] // equal valors: the greater uuid (peers get growing uuids)
    [InlineData(new ulong[] { 70, 20, 70, 0 }, 2)]
    public void The_strongest_member_is_the_best_non_arbiter(ulong[] valors, int expected)
    {
        var peers = valors.Select((valor, i) => Node(valor, i + 2, $"peer{i}")).ToArray();
        var table = peers.Aggregate(Membership.Empty, (t, p) => t.Receive(From(p, 10), Self, At(10), Skew).Membership);

        Assert.Equal(expected < 0 ? null : peers[expected].Key, table.Strongest?.Key);
    }

    [Fact]
    public void Among_members_with_the_same_valor_and_uuid_the_first_to_join_is_the_strongest()
    {
        var first = Node(60, 9, "first");
        var twin = Node(60, 9, "twin");
        var table = Membership.Empty.Receive(From(first, 10), Self, At(10), Skew).Membership
            .Receive(From(twin, 10), Self, At(10), Skew).Membership;

        Assert.Equal(first.Key, table.Strongest!.Key);
        Assert.Equal(twin.Key, table.Remove(first.Key).Strongest!.Key);
    }

    [Theory]
    [InlineData(3, 0, 3)] // all agree
    [InlineData(3, 1, 2)]
    [InlineData(3, 3, 0)]
    public void Agreeing_members_are_counted_by_checksum_and_vote(int members, int dissenting, int expected)
    {
        var vote = new Vote(90, Uuid(90));
        var table = Enumerable.Range(0, members).Aggregate(Membership.Empty, (t, i) =>
            t.Receive(From(Node(10, i + 2, $"peer{i}"), 10, vote, i < dissenting ? 2UL : 1UL), Self, At(10), Skew).Membership);

        Assert.Equal(expected, table.CountAgreeing(1, vote));
        Assert.Equal(dissenting, table.CountAgreeing(2, vote));
        Assert.Equal(0, table.CountAgreeing(1, Vote.None));
    }

    [Fact]
    public void A_random_walk_keeps_every_figure_equal_to_a_scan()
    {
        var random = new Random(23);
        var peers = Enumerable.Range(2, 60).Select(i => Node((ulong)random.Next(0, 4) * 10, i, $"peer{i}")).ToList();
        var votes = new[] { Vote.None, new Vote(30, Uuid(3)), new Vote(20, Uuid(4)) };
        var table = Membership.Empty;
        double now = 10;
        for (int step = 0; step < 4_000; step++)
        {
            now += 0.01;
            var peer = peers[random.Next(peers.Count)];
            var before = table;
            switch (random.Next(12))
            {
                case 0:
                    table = table.Receive(From(peer, now, dead: true), Self, At(now), Skew).Membership;
                    break;
                case 1:
                    table = table.Remove(peer.Key);
                    break;
                case 2:
                    table = table.Expire(At(now), TimeSpan.FromSeconds(random.Next(1, 8))).Membership;
                    break;
                default:
                    var scroll = random.Next(3) == 0 ? null : new byte[random.Next(0, 5)];
                    table = table.Receive(From(peer, now, votes[random.Next(votes.Length)], (ulong)random.Next(3)) with { Scroll = scroll }, Self, At(now), Skew).Membership;
                    break;
            }

            var members = table.Members.ToList();
            Assert.Equal(members.Count, table.Count);
            Assert.Equal(Scan(members)?.Key, table.Strongest?.Key);
            Assert.Equal(members.Sum(m => (long)(m.Scroll?.Length ?? 0)), table.ScrollBytes);
            foreach (var vote in votes)
            {
                for (ulong checksum = 0; checksum < 3; checksum++)
                {
                    Assert.Equal(members.Count(m => m.Checksum == checksum && m.Vote == vote), table.CountAgreeing(checksum, vote));
                }
            }
            Assert.Equal(before.Members.Select(m => m.Key).SequenceEqual(members.Select(m => m.Key)), table.SameMembers(before));
            Assert.All(members, m => Assert.Same(m, table.Find(m.Key)));
        }
    }

    [Fact]
    public void Tables_with_the_same_keys_in_another_order_are_not_the_same_members()
    {
        var a = Node(10, 2, "a");
        var b = Node(20, 3, "b");
        var ab = Membership.Empty.Receive(From(a, 10), Self, At(10), Skew).Membership.Receive(From(b, 10), Self, At(10), Skew).Membership;
        var ba = Membership.Empty.Receive(From(b, 10), Self, At(10), Skew).Membership.Receive(From(a, 10), Self, At(10), Skew).Membership;
        var abAgain = Membership.Empty.Receive(From(a, 11), Self, At(11), Skew).Membership.Receive(From(b, 11), Self, At(11), Skew).Membership;

        Assert.False(ab.SameMembers(ba));
        Assert.True(ab.SameMembers(abAgain));
        Assert.True(ab.SameMembers(ab.Receive(From(a, 12, checksum: 5), Self, At(12), Skew).Membership));
    }

    private static Member? Scan(IEnumerable<Member> members)
    {
        Member? best = null;
        foreach (var member in members)
        {
            if (!member.IsArbiter && (best is null || Election.Beats(member.Valor, member.Uuid, best.Valor, best.Uuid)))
            {
                best = member;
            }
        }
        return best;
    }
}
