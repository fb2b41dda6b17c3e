using System.Net.Sockets;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>A running node on a real socket receives garbage: every datagram is dropped and counted, and the node keeps ruling.</summary>
[Trait("Category", "Process")]
public sealed class HostileDatagramTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Malformed_foreign_and_forged_datagrams_are_dropped_counted_and_never_disturb_the_Lord()
    {
        var endPoint = LoopbackPorts.FreeUdp();
        await using var node = await OurNode.StartAsync(output, "web", endPoint, [], valor: 90);
        await Eventually.Until("the lone node rules", _ => node.StatusAsync(), s => s.Election.IsLord, TimeSpan.FromSeconds(15), () => "");

        var cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null);
        var wrongKey = LegionCipher.Create("aes-128-cbc", "not-the-secret", null);
        var valid = new Announce { Legion = "web", Valor = 10, Unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Name = "peer", Pid = 1, Uuid = "12345678-1234-1234-1234-123456789abc" };
        var sealedValid = LegionDatagram.Seal(valid, cipher);
        var random = new Random(42);
        byte[] Random(int n) { var b = new byte[n]; random.NextBytes(b); return b; }

        List<byte[]> hostile =
        [
            [],
            [109],
            Random(3),
            [1, 2, 3, 4, 5, 6, 7, 8],                                          // bad modifier1
            [109, 10, 0, 0, .. Random(15)],                                    // not a whole block
            [109, 10, 0, 0, .. Random(16)],                                    // bad padding (almost always)
            LegionDatagram.Seal(valid, wrongKey),                              // wrong secret
            LegionDatagram.Seal(valid with { Legion = "other" }, cipher),      // another legion
            [.. sealedValid[..1], 0xFF, 0xFF, .. sealedValid[3..]],            // pktsize lie
            LegionDatagram.Seal([0, 5, (byte)'x'], cipher),                    // truncated body
            LegionDatagram.Seal(valid with { Unix = 1 }, cipher),              // far in the past (clock skew)
            new byte[60_000],                                                  // large zeroes
        ];
        for (int i = 0; i < 200; i++)
        {
            hostile.Add(Random(random.Next(0, 2048)));
        }

        // Paced: a datagram is sent only once the previous one has been received, so that loss in the
        // kernel's socket buffer cannot stand in for a drop by the node.
        using var sender = new UdpClient();
        long received = (await node.StatusAsync()).Transport!.Received;
        foreach (var datagram in hostile)
        {
            await sender.SendAsync(datagram, endPoint);
            received++;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await node.StatusAsync()).Transport!.Received < received)
            {
                Assert.True(DateTime.UtcNow < deadline, $"datagram {received} never reached the node");
                await Task.Delay(2);
            }
        }

        var status = await Eventually.Until("every datagram has been judged", _ => node.StatusAsync(),
            s => s.Transport is { } t && t.Drops.Values.Sum() >= hostile.Count, TimeSpan.FromSeconds(15), () => "");
        var drops = status.Transport!.Drops;
        output.WriteLine("drops: " + string.Join(", ", drops.OrderBy(d => d.Key).Select(d => $"{d.Key}={d.Value}")));

        Assert.True(status.Election.IsLord);
        Assert.Equal(0, status.Membership.Count);
        foreach (var reason in new[] { DropReason.TooShort, DropReason.BadModifier, DropReason.Undecodable, DropReason.ClockSkew })
        {
            Assert.True(drops.GetValueOrDefault(reason) > 0, $"expected at least one {reason} drop");
        }
        // A bad padding, a size lie and another legion are one reason under CBC: no padding oracle (PaddingOracleTests).
        Assert.All(new[] { DropReason.DecryptFailed, DropReason.WrongLegion, DropReason.SizeMismatch, DropReason.Malformed },
            reason => Assert.Equal(0, drops.GetValueOrDefault(reason)));
        Assert.DoesNotContain(node.Events, e => e.Event is LegionEvent.Unlord or LegionEvent.NodeJoined);

        // Still a working node afterwards: a valid announce makes a member.
        await sender.SendAsync(LegionDatagram.Seal(valid with { Unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds() }, cipher), endPoint);
        await Eventually.Until("a valid announce is still accepted", _ => node.StatusAsync(), s => s.Membership.Count == 1, TimeSpan.FromSeconds(10), () => "");
    }
}
