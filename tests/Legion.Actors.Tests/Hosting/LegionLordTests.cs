using Legion.Actors.Hosting;
using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Hosting;

/// <summary><see cref="LegionLord.Of"/>, the one rule behind <c>ILegion.Lord</c> and <c>LordChanged</c>, and <see cref="LegionLord.Same"/>.</summary>
public sealed class LegionLordTests
{
    private static readonly NodeIdentity Self = new("self", 1, 50, Uuid(1));
    private static readonly Vote Other = new(90, Uuid(2));

    private static ElectionState Round(RoundVerdict? verdict, Vote candidate) => ElectionState.Initial with { Verdict = verdict, Candidate = candidate };

    [Fact]
    public void A_quorate_round_whose_candidate_is_this_node_makes_it_the_Lord()
    {
        var lord = LegionLord.Of(Self, Round(RoundVerdict.Quorate, Self.AsVote), Membership.Empty, previous: null);

        Assert.Equal(new LegionLord("self", 50, Uuid(1), null, IsSelf: true), lord);
    }

    [Fact]
    public void Another_candidate_keeps_the_name_seen_before_when_it_is_no_longer_in_the_table()
    {
        var previous = new LegionLord("web-2", 90, Uuid(2), null, IsSelf: false);

        var lord = LegionLord.Of(Self, Round(RoundVerdict.Quorate, Other), Membership.Empty, previous);

        Assert.Equal(previous, lord);
        Assert.Null(LegionLord.Of(Self, Round(RoundVerdict.Quorate, Other), Membership.Empty, previous: null)!.Name);
    }

    [Fact]
    public void A_disagreement_keeps_the_Lord_seen_before_and_no_quorum_has_none()
    {
        var previous = new LegionLord("web-2", 90, Uuid(2), null, IsSelf: false);

        Assert.Same(previous, LegionLord.Of(Self, Round(RoundVerdict.Disagreement, Self.AsVote), Membership.Empty, previous));
        Assert.Null(LegionLord.Of(Self, Round(RoundVerdict.NoQuorum, Other), Membership.Empty, previous));
        Assert.Null(LegionLord.Of(Self, Round(null, Other), Membership.Empty, previous));
    }

    [Fact]
    public void The_same_Lord_is_the_same_uuid_valor_and_self_whatever_its_name_or_scroll()
    {
        var lord = new LegionLord("web-2", 90, Uuid(2), null, IsSelf: false);

        Assert.True(LegionLord.Same(null, null));
        Assert.True(LegionLord.Same(lord, lord with { Name = null, Scroll = "primary" }));
        Assert.False(LegionLord.Same(lord, null));
        Assert.False(LegionLord.Same(null, lord));
        Assert.False(LegionLord.Same(lord, lord with { Valor = 91 }));
        Assert.False(LegionLord.Same(lord, lord with { Uuid = Uuid(3) }));
    }
}
