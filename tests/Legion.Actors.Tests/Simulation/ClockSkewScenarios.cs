using Akka.Actor;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>Clock offsets within and beyond <c>legion-skew-tolerance</c>, drift and jumps.</summary>
public sealed class ClockSkewScenarios : LegionTestKit
{
    private static readonly SimulatedNodeOptions Options = ScenarioOptions.Fast() with { SkewTolerance = TimeSpan.FromSeconds(10) };

    /// <summary>Twice the skew tolerance: every announce across the skew is dropped, one way as too old, the other as future-dated.</summary>
    private static readonly TimeSpan FarOff = 2 * Options.SkewTolerance;

    /// <summary>How long a healthy majority may take to elect its Lord beside a skewed node: the warm-up plus a few rounds.</summary>
    private static readonly TimeSpan ElectionBound = TimeSpan.FromSeconds(10);

    private static SimulatedNodeOptions InMode(string? cipher) => cipher is null ? Options : Options with { Cipher = cipher };

    [Theory]
    [InlineData(null)]            // uWSGI-compatible (aes-128-cbc)
    [InlineData("aes-256-gcm")]   // authenticated
    public void A_node_whose_clock_runs_ahead_beyond_the_skew_tolerance_never_rules_and_the_others_elect_their_Lord(string? cipher)
    {
        var a = Sim.AddNode("web", 90, InMode(cipher));
        var b = Sim.AddNode("web", 50, InMode(cipher));
        // The highest valor: without the skew rule it would be the one to rule.
        var early = Sim.AddNode("web", 100, InMode(cipher));
        Sim.SetClockOffset(early, FarOff);
        var earlyLords = new List<SimulatedEvent>();
        using var watching = Sim.Subscribe(e => { if (e.Node == early && e.Fired.Event == LegionEvent.Lord) { earlyLords.Add(e); } });

        // Its announces look 20 s in the future: the others drop them (uWSGI 2.0 would keep it as a disagreeing
        // member, holding their votes at 0, while it ruled alone), so it never blocks their election.
        ExpectEvent(a, LegionEvent.Lord, within: ElectionBound);
        Sim.RunFor(TimeSpan.FromMinutes(1));

        Assert.True(a.TransportStats.Drops[DropReason.FutureDated] > 50);
        Assert.True(early.TransportStats.Drops[DropReason.ClockSkew] > 50);
        Assert.Equal(1, Sim.Status(a).Membership.Count);
        Assert.Equal(1, Sim.Status(a).Election.SkewedPeers);
        // It hears both peers, only through announces it drops as too old: the smaller side, it does not claim.
        var view = Sim.Status(early);
        Assert.Equal(0, view.Membership.Count);
        Assert.Equal(2, view.Election.SkewedPeers);
        Assert.True(view.Election.SkewBlocksClaim);
        Assert.Empty(earlyLords);
        Assert.Equal([a], Sim.Lords("web"));

        // The clock heals: it rejoins as a member and, the highest valor, becomes the one Lord.
        Sim.SetClockOffset(early, TimeSpan.Zero);
        AwaitLord(early, within: ElectionBound);
        Sim.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal([early], Sim.Lords("web"));
        Assert.Equal(0, Sim.Status(early).Election.SkewedPeers);
        Assert.Equal(2, Sim.Status(early).Membership.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("aes-256-gcm")]
    public void A_node_whose_clock_lags_beyond_the_skew_tolerance_is_dropped_and_counted_and_rules_no_one(string? cipher)
    {
        var a = Sim.AddNode("web", 90, InMode(cipher));
        var b = Sim.AddNode("web", 50, InMode(cipher));
        var late = Sim.AddNode("web", 100, InMode(cipher));
        Sim.SetClockOffset(late, -FarOff);
        var lateLords = new List<SimulatedEvent>();
        using var watching = Sim.Subscribe(e => { if (e.Node == late && e.Fired.Event == LegionEvent.Lord) { lateLords.Add(e); } });

        ExpectEvent(a, LegionEvent.Lord, within: ElectionBound);
        Sim.RunFor(TimeSpan.FromSeconds(30));

        // Its announces look 20 s old: both peers drop them ("check your clock") and never count it.
        Assert.True(a.TransportStats.Drops[DropReason.ClockSkew] > 20);
        Assert.True(b.TransportStats.Drops[DropReason.ClockSkew] > 20);
        Assert.DoesNotContain(Sim.Status(a).Membership.Members, m => m.Name == late.Name);
        // Theirs look 20 s in the future to it: dropped too (uWSGI 2.0 would accept them), and it does not claim.
        Assert.True(late.TransportStats.Drops[DropReason.FutureDated] > 20);
        var view = Sim.Status(late);
        Assert.Equal(0, view.Membership.Count);
        Assert.Equal(2, view.Election.SkewedPeers);
        Assert.Empty(lateLords);
        Assert.Equal([a], Sim.Lords("web"));

        Sim.SetClockOffset(late, TimeSpan.Zero);
        AwaitLord(late, within: ElectionBound);
        Sim.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal([late], Sim.Lords("web"));
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(null, -1)]
    [InlineData("aes-256-gcm", 1)]
    [InlineData("aes-256-gcm", -1)]
    public void Of_two_nodes_whose_clocks_differ_beyond_the_tolerance_exactly_one_rules_the_higher_valor(string? cipher, int direction)
    {
        var high = Sim.AddNode("web", 90, InMode(cipher));
        var low = Sim.AddNode("web", 50, InMode(cipher));
        Sim.SetClockOffset(high, direction * FarOff);
        var lowLords = new List<SimulatedEvent>();
        using var watching = Sim.Subscribe(e => { if (e.Node == low && e.Fired.Event == LegionEvent.Lord) { lowLords.Add(e); } });

        AwaitLord(high, within: ElectionBound);
        Sim.RunFor(TimeSpan.FromMinutes(1));

        // Each hears the other only through skewed announces, a tie of one against one: the higher valor claims.
        Assert.Equal([high], Sim.Lords("web"));
        Assert.Empty(lowLords);
        Assert.True(Sim.Status(low).Election.SkewBlocksClaim);
    }

    [Theory]
    [InlineData(null, -60)]           // a captured datagram, replayed long after: too old
    [InlineData(null, 60)]            // a forged future date
    [InlineData("aes-256-gcm", -60)]
    [InlineData("aes-256-gcm", 60)]
    public void One_skewed_datagram_replayed_every_second_does_not_keep_a_lone_node_from_ruling(string? cipher, int skewSeconds)
    {
        var lone = Sim.AddNode("web", 50, InMode(cipher));
        Sim.RunFor(TimeSpan.FromMilliseconds(100)); // its transport binds the port
        var port = Sim.Network.PortOf(lone.Address);
        var captured = LegionDatagram.Seal(new Announce
        {
            Legion = "web",
            Valor = 200, // would win a tie against the lone node, were the replay taken for a live peer
            Unix = Sim.Clock.GetUtcNow().ToUnixTimeSeconds() + skewSeconds,
            Name = "ghost",
            Pid = 4242,
            Uuid = "ffffffff-0000-4000-8000-000000000001",
            Extensions = new Dictionary<string, string> { [LegionDatagram.SequenceKey] = "1" },
        }, port.Settings!.Cipher);

        for (int i = 0; i < 20; i++)
        {
            port.Transport!.Tell(captured);
            Sim.RunFor(TimeSpan.FromSeconds(1));
        }

        Assert.True(lone.IsLord);
        Assert.Equal(0, Sim.Status(lone).Election.SkewedPeers);
        var dropped = lone.TransportStats.Drops;
        Assert.True(dropped.GetValueOrDefault(DropReason.ClockSkew) + dropped.GetValueOrDefault(DropReason.FutureDated) + dropped.GetValueOrDefault(DropReason.Replayed) >= 20);
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
