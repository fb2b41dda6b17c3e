using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Legion.Actors.Simulation;
using Legion.Actors.Simulation.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>Clock offsets within and beyond <c>legion-skew-tolerance</c>, drift and jumps.</summary>
public sealed class ClockSkewScenarios : LegionTestKit
{
    private static readonly SimulatedNodeOptions Options = ScenarioOptions.Fast() with { SkewTolerance = TimeSpan.FromSeconds(10) };

    [Fact]
    public void A_node_whose_clock_lags_beyond_the_skew_tolerance_is_dropped_and_counted_and_rules_no_one()
    {
        var a = Sim.AddNode("web", 90, Options);
        var b = Sim.AddNode("web", 50, Options);
        var late = Sim.AddNode("web", 100, Options);
        Sim.SetClockOffset(late, TimeSpan.FromSeconds(-30));

        AwaitLord(a);
        Sim.RunFor(TimeSpan.FromSeconds(30));

        // Its announces look 30 s old: both peers drop them ("check your clock") and never count it.
        Assert.True(a.TransportStats.Drops[DropReason.ClockSkew] > 20);
        Assert.True(b.TransportStats.Drops[DropReason.ClockSkew] > 20);
        Assert.DoesNotContain(Sim.Status(a).Membership.Members, m => m.Name == late.Name);
        // It hears them (their time is ahead of its own), but they never vote for it: it stays alone, no Lord.
        var view = Sim.Status(late);
        Assert.Equal(2, view.Membership.Count);
        Assert.Equal(RoundVerdict.Disagreement, view.Election.Verdict);
        Assert.False(late.IsLord);
        AssertSingleLord("web");
    }

    [Fact]
    public void A_node_whose_clock_runs_ahead_beyond_the_skew_tolerance_hears_no_one_rules_alone_and_stalls_the_others()
    {
        var a = Sim.AddNode("web", 90, Options);
        var b = Sim.AddNode("web", 50, Options);
        var early = Sim.AddNode("web", 10, Options);
        Sim.SetClockOffset(early, TimeSpan.FromSeconds(30));

        Sim.RunFor(TimeSpan.FromMinutes(1));

        // It drops everything it receives as too old, so it sees an empty legion and, without quorum, rules it.
        Assert.True(early.TransportStats.Drops[DropReason.ClockSkew] > 100);
        Assert.True(early.IsLord);
        // The others accept its announces (a future timestamp is never checked, as in uWSGI) and count it as a
        // member, but its checksum never matches theirs: their votes stay at 0 and nobody else rules.
        Assert.Equal(RoundVerdict.Disagreement, Sim.Status(a).Election.Verdict);
        Assert.Equal([early], Sim.Lords("web"));

        Sim.SetClockOffset(early, TimeSpan.Zero);
        AwaitLord(a);
    }

    [Fact]
    public void In_the_authenticated_mode_a_clock_running_ahead_is_dropped_as_future_dated_and_stalls_no_one()
    {
        var authenticated = Options with { Cipher = "aes-256-gcm" };
        var a = Sim.AddNode("web", 90, authenticated);
        var b = Sim.AddNode("web", 50, authenticated);
        var early = Sim.AddNode("web", 10, authenticated);
        Sim.SetClockOffset(early, TimeSpan.FromSeconds(30));

        ExpectEvent(a, LegionEvent.Lord);
        Sim.RunFor(TimeSpan.FromMinutes(1));

        Assert.True(a.TransportStats.Drops[DropReason.FutureDated] > 50);
        Assert.True(early.TransportStats.Drops[DropReason.ClockSkew] > 50);
        Assert.Equal(1, Sim.Status(a).Membership.Count);
        // It still rules its own empty legion: without quorum nothing stops a node that hears no one.
        Assert.Equal([a, early], Sim.Lords("web"));
    }

    [Fact]
    public void Offsets_within_the_skew_tolerance_change_nothing()
    {
        var a = Sim.AddNode("web", 90, Options);
        var b = Sim.AddNode("web", 50, Options);
        Sim.SetClockOffset(a, TimeSpan.FromSeconds(-4));
        Sim.SetClockOffset(b, TimeSpan.FromSeconds(4));

        AwaitLord(a);
        Sim.RunFor(TimeSpan.FromMinutes(1));

        Assert.False(a.TransportStats.Drops.ContainsKey(DropReason.ClockSkew));
        Assert.False(b.TransportStats.Drops.ContainsKey(DropReason.ClockSkew));
        AssertSingleLord("web");
    }

    [Fact]
    public void A_wall_clock_jump_expires_no_one_because_expiry_runs_on_the_monotonic_clock()
    {
        var a = Sim.AddNode("web", 90, Options);
        var b = Sim.AddNode("web", 50, Options);
        AwaitLord(a);

        Sim.JumpClock(b, TimeSpan.FromHours(1));
        Sim.JumpClock(b, TimeSpan.FromHours(-1));

        ExpectNoEvent(null, LegionEvent.NodeLeft, TimeSpan.FromMinutes(1));
        AssertSingleLord("web");
    }

    [Fact]
    public void A_clock_drifting_away_is_cut_off_once_its_error_passes_the_skew_tolerance()
    {
        var a = Sim.AddNode("web", 90, Options);
        var b = Sim.AddNode("web", 50, Options);
        var slow = Sim.AddNode("web", 10, Options);
        AwaitLord(a);

        Sim.SetClockDrift(slow, 0.9); // loses 6 s a minute
        var left = ExpectEvent(a, LegionEvent.NodeLeft, within: TimeSpan.FromMinutes(5));

        Assert.Equal(slow.Identity.Key, left.Fired.Member);
        Assert.InRange(-slow.Clock.Error, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));
        AssertSingleLord("web");
    }
}
