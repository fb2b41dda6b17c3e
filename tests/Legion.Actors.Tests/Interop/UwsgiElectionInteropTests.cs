using System.Diagnostics;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>Our node and a real uWSGI 2.0 node agree on the Lord, by uWSGI's rules.</summary>
[Trait("Category", "Interop")]
public sealed class UwsgiElectionInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("aes-128-cbc")]
    [InlineData("aes-192-cbc")]
    [InlineData("aes-256-cbc")]
    [InlineData("bf-cbc")]
    public async Task Ours_with_the_higher_valor_is_Lord_for_both_sides(string cipher)
    {
        await using var legion = await MixedLegion.StartAsync(output, ourValor: 90, uwsgiValor: 50, cipher: cipher);
        string ourUuid = legion.Ours.Identity.Uuid;

        var uwsgiView = await Eventually.Until("uWSGI votes for our node and counts it as a member",
            ct => legion.Uwsgi.ReadLegionAsync(ct),
            l => l.LordUuid == ourUuid && l.LordValor == 90 && l.Members.Any(m => m.Uuid == ourUuid && m.Valor == 90),
            Deadline, legion.Describe);
        var ourView = await Eventually.Until("our node is Lord", _ => legion.Ours.StatusAsync(), s => s.Election.IsLord, Deadline, legion.Describe);

        Assert.Equal(0, (await legion.Uwsgi.ReadLegionAsync()).IAmTheLord);
        Assert.True(legion.Ours.Fired(LegionEvent.Lord));
        Assert.Equal(2, ourView.Election.Votes);
        // Agreement: the same member set on both sides gives the same checksum.
        var agreed = await Eventually.Until("both sides announce the same checksum", _ => legion.Ours.StatusAsync(),
            s => s.Election.Checksum == legion.Uwsgi.ReadLegionAsync().Result.Checksum, Deadline, legion.Describe);
        Assert.Equal(uwsgiView.Uuid, Assert.Single(agreed.Membership.Members).Uuid);
    }

    [Fact]
    public async Task Uwsgi_with_the_higher_valor_is_Lord_for_both_sides_and_we_never_fire_lord()
    {
        await using var legion = await MixedLegion.StartAsync(output, ourValor: 10, uwsgiValor: 80);

        var uwsgiView = await Eventually.Until("uWSGI is Lord", ct => legion.Uwsgi.ReadLegionAsync(ct), l => l.IAmTheLord != 0, Deadline, legion.Describe);
        var ourView = await Eventually.Until("we vote for the uWSGI node with quorum",
            _ => legion.Ours.StatusAsync(),
            s => s.Election.Candidate == new Vote(80, uwsgiView.Uuid) && s.Election.Votes == 2,
            Deadline, legion.Describe);

        // Watch a few more heartbeats of a settled legion: we never claim lordship.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(legion.Ours.Fired(LegionEvent.Lord), string.Join("\n", legion.Ours.Events));
        Assert.False((await legion.Ours.StatusAsync()).Election.IsLord);
        Assert.True(legion.Ours.Fired(LegionEvent.Join));
        Assert.Equal(uwsgiView.Uuid, (await legion.Uwsgi.ReadLegionAsync()).LordUuid);
        Assert.Equal(ourView.Self.Uuid, Assert.Single((await legion.Uwsgi.ReadLegionAsync()).Members).Uuid);
    }

    [Theory]
    [InlineData("ffffffff-ffff-4fff-bfff-ffffffffffff", true)]
    [InlineData("00000000-0000-4000-8000-000000000000", false)]
    public async Task With_equal_valors_the_higher_uuid_wins_on_both_sides(string ourUuid, bool oursWins)
    {
        await using var legion = await MixedLegion.StartAsync(output, ourValor: 60, uwsgiValor: 60, ourUuid: ourUuid);

        var uwsgiView = await Eventually.Until("uWSGI has elected a Lord with us as member",
            ct => legion.Uwsgi.ReadLegionAsync(ct),
            l => l.Members.Count == 1 && (oursWins ? l.LordUuid == ourUuid : l.LordUuid == l.Uuid && l.IAmTheLord != 0),
            Deadline, legion.Describe);
        var ourView = await Eventually.Until("we agree", _ => legion.Ours.StatusAsync(),
            s => s.Election.Votes == 2 && s.Election.IsLord == oursWins, Deadline, legion.Describe);

        Assert.Equal(oursWins ? ourUuid : uwsgiView.Uuid, ourView.Election.Candidate.Uuid);
        Assert.Equal(oursWins, uwsgiView.IAmTheLord == 0);
    }

    [Fact]
    public async Task A_SIGKILLed_uwsgi_Lord_is_replaced_by_our_node_after_the_tolerance()
    {
        await using var legion = await MixedLegion.StartAsync(output, ourValor: 10, uwsgiValor: 80);
        await Eventually.Until("we see the uWSGI Lord with quorum", _ => legion.Ours.StatusAsync(),
            s => s.Election.Votes == 2 && !s.Election.IsLord, Deadline, legion.Describe);

        // Stop it first, so that the last announce we heard is known exactly (the tolerance counts from it, not from the kill).
        Signals.Send(legion.Uwsgi.Process.Id, Signals.SIGSTOP);
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        var lastSeen = Assert.Single((await legion.Ours.StatusAsync()).Membership.Members).LastSeenWall;
        var clock = Stopwatch.StartNew();
        Signals.Send(legion.Uwsgi.Process.Id, Signals.SIGKILL);
        await Eventually.Until("our node becomes Lord", _ => legion.Ours.StatusAsync(), s => s.Election.IsLord, Deadline, legion.Describe);
        output.WriteLine($"failover after SIGKILL of the uWSGI Lord (freq 1 s, tolerance 3 s): {clock.Elapsed.TotalSeconds:0.00} s");

        var left = Assert.Single(legion.Ours.Events, e => e.Event == LegionEvent.NodeLeft && e.Member?.Valor == 80);
        Assert.True(left.At - lastSeen > TimeSpan.FromSeconds(3), $"the Lord must not be replaced before the tolerance has passed since it was last heard ({left.At - lastSeen})");
    }

    [Fact]
    public async Task A_uwsgi_node_stopped_with_SIGTERM_leaves_our_table_at_once_through_its_death_announce()
    {
        // Tolerance 30 s: a removal within a few seconds can only come from the death announce.
        await using var legion = await MixedLegion.StartAsync(output, ourValor: 10, uwsgiValor: 80, toleranceSeconds: 30);
        await Eventually.Until("we count the uWSGI node", _ => legion.Ours.StatusAsync(), s => s.Membership.Count == 1, Deadline, legion.Describe);

        var clock = Stopwatch.StartNew();
        legion.Uwsgi.Process.Terminate();
        await Eventually.Until("the uWSGI node is gone from our table", _ => legion.Ours.StatusAsync(), s => s.Membership.Count == 0,
            TimeSpan.FromSeconds(10), legion.Describe);
        output.WriteLine($"uWSGI node removed {clock.Elapsed.TotalSeconds:0.00} s after SIGTERM");

        Assert.DoesNotContain(legion.Ours.Events, e => e.Event == LegionEvent.NodeLeft);
    }

    [Theory]
    [InlineData("wrong-secret", "s3cret")]
    [InlineData("s3cret", "wrong-secret")]
    public async Task A_wrong_secret_on_either_side_makes_no_member_crashes_nothing_and_is_counted(string ourSecret, string uwsgiSecret)
    {
        await using var legion = await MixedLegion.StartAsync(output, ourValor: 10, uwsgiValor: 80, ourSecret: ourSecret, uwsgiSecret: uwsgiSecret);

        var ours = await Eventually.Until("we have received and dropped at least 3 uWSGI announces",
            _ => legion.Ours.StatusAsync(),
            s => s.Transport is { } t && t.Drops.Values.Sum() >= 3 && s.Election.IsLord,
            Deadline, legion.Describe);
        var drops = ours.Transport!.Drops;
        output.WriteLine("drops: " + string.Join(", ", drops.Select(d => $"{d.Key}={d.Value}")));

        Assert.Equal(0, ours.Membership.Count);
        Assert.Equal([DropReason.Undecodable], drops.Keys);
        Assert.True(ours.Election.IsLord, "alone with quorum 0, our node rules its own side");
        Assert.False(legion.Uwsgi.Process.HasExited);
        Assert.Empty((await legion.Uwsgi.ReadLegionAsync()).Members);
    }

    [Fact]
    public async Task A_wrong_legion_name_makes_no_member_and_is_counted_as_undecodable()
    {
        await using var legion = await MixedLegion.StartAsync(output, ourValor: 10, uwsgiValor: 80, ourLegion: "other");

        var ours = await Eventually.Until("we have dropped at least 3 announces of the other legion",
            _ => legion.Ours.StatusAsync(),
            s => s.Transport is { } t && t.Drops.GetValueOrDefault(DropReason.Undecodable) >= 3,
            Deadline, legion.Describe);

        Assert.Equal(0, ours.Membership.Count);
        Assert.False(legion.Uwsgi.Process.HasExited);
        Assert.Empty((await legion.Uwsgi.ReadLegionAsync()).Members);
    }
}
