using System.Net;
using System.Net.Sockets;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>Two of our nodes in authenticated mode on real sockets: they elect, and refuse replays, tampering and stale keys.</summary>
[Trait("Category", "Process")]
public sealed class AuthenticatedLegionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("aes-256-gcm")]
    [InlineData("chacha20-poly1305")]
    public async Task A_replayed_or_tampered_datagram_is_dropped_and_counted_even_inside_the_skew_window(string cipher)
    {
        var a = LoopbackPorts.FreeUdp();
        var b = LoopbackPorts.FreeUdp();
        using var eavesdropper = new UdpClient(LoopbackPorts.FreeUdp());
        var tap = (IPEndPoint)eavesdropper.Client.LocalEndPoint!;
        await using var high = await OurNode.StartAsync(output, "web", a, [b, tap], valor: 90, cipher: cipher);
        await using var low = await OurNode.StartAsync(output, "web", b, [a], valor: 10, cipher: cipher);
        await Eventually.Until("the legion elects the high node", _ => low.StatusAsync(),
            s => s.Election.Votes == 2 && s.Election.Candidate.Uuid == high.Identity.Uuid, Deadline, () => "");

        // A copy of one of high's announces, as an attacker on the path would capture it.
        var captured = (await eavesdropper.ReceiveAsync()).Buffer;
        using var attacker = new UdpClient();
        await attacker.SendAsync(captured, b);
        byte[] tampered = (byte[])captured.Clone();
        tampered[^1] ^= 0x01;
        await attacker.SendAsync(tampered, b);
        await attacker.SendAsync(captured[..^3], b);

        var status = await Eventually.Until("the replay and the tampered copies are counted", _ => low.StatusAsync(),
            s => s.Transport!.Drops.GetValueOrDefault(DropReason.Replayed) >= 1 && s.Transport.Drops.GetValueOrDefault(DropReason.DecryptFailed) >= 2,
            Deadline, () => "");
        output.WriteLine("drops: " + string.Join(", ", status.Transport!.Drops.Select(d => $"{d.Key}={d.Value}")));
        Assert.Equal(1, status.Membership.Count);
        Assert.False(low.Fired(LegionEvent.Unlord));
    }

    [Fact]
    public async Task A_replayed_announce_of_a_departed_node_does_not_bring_it_back()
    {
        var a = LoopbackPorts.FreeUdp();
        var b = LoopbackPorts.FreeUdp();
        using var eavesdropper = new UdpClient(LoopbackPorts.FreeUdp());
        var tap = (IPEndPoint)eavesdropper.Client.LocalEndPoint!;
        await using var stays = await OurNode.StartAsync(output, "web", b, [a], valor: 10, cipher: "aes-256-gcm");
        var leaves = await OurNode.StartAsync(output, "web", a, [b, tap], valor: 90, cipher: "aes-256-gcm");
        await Eventually.Until("both count each other", _ => stays.StatusAsync(), s => s.Membership.Count == 1, Deadline, () => "");
        var captured = (await eavesdropper.ReceiveAsync()).Buffer;
        await leaves.DisposeAsync();
        await Eventually.Until("the death announce removed it", _ => stays.StatusAsync(), s => s.Membership.Count == 0, Deadline, () => "");

        using var attacker = new UdpClient();
        await attacker.SendAsync(captured, b);

        var status = await Eventually.Until("the replay is counted", _ => stays.StatusAsync(),
            s => s.Transport!.Drops.GetValueOrDefault(DropReason.Replayed) >= 1, Deadline, () => "");
        Assert.Equal(0, status.Membership.Count);
    }

    [Fact]
    public async Task Secrets_rotate_without_a_gap_when_each_node_accepts_the_other_as_next()
    {
        var a = LoopbackPorts.FreeUdp();
        var b = LoopbackPorts.FreeUdp();
        // Mid-rotation: a still sends with the old secret, b already with the new one; each accepts both.
        await using var old = await OurNode.StartAsync(output, "web", a, [b], valor: 90, cipher: "aes-256-gcm", secret: "old-secret", nextSecret: "new-secret");
        await using var rotated = await OurNode.StartAsync(output, "web", b, [a], valor: 10, cipher: "aes-256-gcm", secret: "new-secret", nextSecret: "old-secret");

        await Eventually.Until("both agree on the Lord", _ => rotated.StatusAsync(),
            s => s.Election.Votes == 2 && s.Election.Candidate.Uuid == old.Identity.Uuid, Deadline, () => "");
        await Eventually.Until("the old-key node is Lord with quorum", _ => old.StatusAsync(), s => s.Election.IsLord && s.Election.Votes == 2, Deadline, () => "");
    }

    [Fact]
    public async Task A_node_without_the_new_secret_is_shut_out()
    {
        var a = LoopbackPorts.FreeUdp();
        var b = LoopbackPorts.FreeUdp();
        await using var stale = await OurNode.StartAsync(output, "web", a, [b], valor: 90, cipher: "aes-256-gcm", secret: "old-secret");
        await using var rotated = await OurNode.StartAsync(output, "web", b, [a], valor: 10, cipher: "aes-256-gcm", secret: "new-secret");

        var status = await Eventually.Until("the stale node's announces are refused", _ => rotated.StatusAsync(),
            s => s.Transport!.Drops.GetValueOrDefault(DropReason.DecryptFailed) >= 3 && s.Election.IsLord, Deadline, () => "");
        Assert.Equal(0, status.Membership.Count);
    }
}
