using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public sealed class ClaimFenceTests
{
    private static readonly TimeSpan Freq = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(3);

    private static Member Left(long lordSince, int uuid = 9) => new()
    {
        Key = new MemberKey(90, "lord", Uuid(uuid)),
        LordSince = lordSince,
        LastSeen = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void It_lasts_a_period_and_a_quarter() => Assert.Equal(TimeSpan.FromMilliseconds(1250), ClaimFence.Duration(Freq));

    [Theory]
    // lordSince, candidate uuid (0: none), quorum, fence end (s) or null
    [InlineData(1700000000L, 0, 2, 14.25)] // announced itself Lord
    [InlineData(0L, 9, 2, 14.25)]          // the candidate this node counted votes for: it may have risen unheard
    [InlineData(0L, 0, 2, null)]           // neither: no fence
    [InlineData(0L, 7, 3, null)]           // another candidate: no fence
    [InlineData(1700000000L, 0, 1, null)]  // quorum 1 rules alone anyway: no fence
    [InlineData(1700000000L, 0, 0, null)]  // no quorum: the documented split brain, no fence
    public void A_member_that_may_rule_sets_a_fence_only_with_a_quorum(long lordSince, int candidate, int quorum, double? endsAt)
    {
        var vote = candidate == 0 ? Vote.None : new Vote(90, Uuid(candidate));

        var until = ClaimFence.After(Left(lordSince), vote, quorum, Tolerance, ClaimFence.Duration(Freq));

        Assert.Equal(endsAt is { } s ? TimeSpan.FromSeconds(s) : null, until);
    }

    [Theory]
    [InlineData(14.0, false, true)]
    [InlineData(14.25, false, false)]
    [InlineData(14.0, true, false)] // never unseats a Lord
    public void It_holds_until_its_end_and_never_for_a_Lord(double now, bool isLord, bool holds) =>
        Assert.Equal(holds, ClaimFence.Holds(TimeSpan.FromSeconds(14.25), TimeSpan.FromSeconds(now), isLord));

    [Fact]
    public void No_fence_never_holds() => Assert.False(ClaimFence.Holds(null, TimeSpan.Zero, isLord: false));
}
