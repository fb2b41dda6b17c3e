using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>
/// An outsider without the secret replays captured announces (issue 12, item 2): recorded on the wire while the Lord
/// was healthy, replayed after it crashed, in capture order and at the captured pace, so that their timestamps advance
/// as a live node's would, only too old. Replayed or stale datagrams must never keep a legion without a Lord.
/// </summary>
public sealed class ReplayAttackScenarios : LegionTestKit
{
    private static readonly SimulatedNodeOptions Options = ScenarioOptions.Fast() with { SkewTolerance = TimeSpan.FromSeconds(10) };

    /// <summary>A crashed Lord's successor: the tolerance, then the claim fence and a few rounds.</summary>
    private static readonly TimeSpan FailoverBound = Options.Tolerance + TimeSpan.FromSeconds(10);

    private static SimulatedNodeOptions InMode(string? cipher) => cipher is null ? Options : Options with { Cipher = cipher };

    [Theory]
    [InlineData(null)]            // uWSGI-compatible (aes-128-cbc)
    [InlineData("aes-256-gcm")]   // authenticated: the replay guard forgets a silent sender after twice the skew tolerance
    public void A_crashed_Lords_replayed_announces_never_keep_the_survivors_from_electing_a_Lord(string? cipher)
    {
        var a = Sim.AddNode("web", 90, InMode(cipher));
        var b = Sim.AddNode("web", 50, InMode(cipher));
        AwaitLord(a, within: TimeSpan.FromSeconds(10));
        var captures = new[] { a, b }.Select(n => Sim.Network.Capture(n.Address)).ToList();
        Sim.RunFor(TimeSpan.FromSeconds(60));
        captures.ForEach(capture => capture.Stop());

        Sim.Crash(a);
        var crashedAt = Sim.Elapsed;
        // The first replayed announce is 60 s old (six skew tolerances); replayed twice over, two minutes in all.
        foreach (var capture in captures)
        {
            Sim.Network.Replay(capture, [b.Address]);
            Sim.Network.Replay(capture, [b.Address], delay: TimeSpan.FromSeconds(60));
        }

        AwaitLord(b, within: FailoverBound);
        Assert.InRange(Sim.Elapsed - crashedAt, Options.Tolerance, FailoverBound);
        Sim.RunFor(TimeSpan.FromSeconds(120));
        Assert.Equal([b], Sim.Lords("web"));
        Assert.Equal(0, Sim.Status(b).Election.SkewedPeers);
        Assert.False(Sim.Status(b).Election.SkewBlocksClaim);
        // Dropped and counted, never admitted.
        Assert.Empty(Sim.Status(b).Membership.Members);
        var drops = b.TransportStats.Drops;
        Assert.True(drops.GetValueOrDefault(DropReason.Replayed) + drops.GetValueOrDefault(DropReason.ClockSkew) >= 100);
    }

    [Fact]
    public void A_forged_announce_with_the_Lords_uuid_and_the_highest_sequence_number_does_not_split_the_legion()
    {
        // Issue 12, item 3: an insider with the secret, in the authenticated mode.
        var options = InMode("aes-256-gcm");
        var a = Sim.AddNode("web", 90, options);
        var b = Sim.AddNode("web", 50, options);
        var c = Sim.AddNode("web", 10, options);
        AwaitLord(a, within: TimeSpan.FromSeconds(10));
        Sim.RunFor(TimeSpan.FromSeconds(5));
        var lord = a.Identity;
        var forged = new Announce
        {
            Legion = "web",
            Valor = lord.Valor,
            Unix = Sim.Clock.GetUtcNow().ToUnixTimeSeconds(),
            Name = lord.Name,
            Pid = lord.Pid,
            Uuid = lord.Uuid,
            Extensions = new Dictionary<string, string>(StringComparer.Ordinal) { [LegionDatagram.SequenceKey] = ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        var insider = LegionCipher.Create("aes-256-gcm", options.Secret, null, "web");

        Sim.Network.Inject(LegionDatagram.Seal(AnnounceCodec.Encode(forged), insider), [b.Address, c.Address], from: a.Address);

        // The Lord's next announce stamped a later second heals the guard: it never expires on its peers.
        ExpectNoEvent(null, LegionEvent.NodeLeft, TimeSpan.FromSeconds(60));
        Assert.Equal([a], Sim.Lords("web"));
        Assert.Equal(2, Sim.Status(b).Membership.Count);
        // Dropped at most: the Lord's announces stamped in the second of the forgery.
        Assert.InRange(b.TransportStats.Drops.GetValueOrDefault(DropReason.Replayed), 0, 4);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("aes-256-gcm")]
    public void A_Lord_paused_beyond_the_skew_tolerance_reads_its_backlog_without_stepping_down_and_up_again(string? cipher)
    {
        // Issue 12, item 12 (found beside uWSGI 2.0.21, which does not flap there): SIGSTOP for four skew tolerances.
        var a = Sim.AddNode("web", 90, InMode(cipher));
        var b = Sim.AddNode("web", 50, InMode(cipher));
        var c = Sim.AddNode("web", 10, InMode(cipher));
        AwaitLord(a, within: TimeSpan.FromSeconds(10));
        Sim.RunFor(TimeSpan.FromSeconds(5));

        Sim.Freeze(a);
        ExpectEvent(b, LegionEvent.Lord, within: FailoverBound);
        Sim.RunFor(4 * Options.SkewTolerance);
        var probe = CreateEventProbe(a);
        Sim.Thaw(a);

        // Its backlog is old, but it was read in one burst: no evidence of live skewed peers, so no unlord and lord.
        probe.ExpectNoEvent(LegionEvent.Unlord, TimeSpan.FromSeconds(20));
        Assert.Equal([a], Sim.Lords("web"));
    }
}
