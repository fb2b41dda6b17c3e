using System.Net;
using System.Net.Sockets;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Hosting;

/// <summary>
/// Announces forged by someone who holds the secret (an insider, a leaked secret, or a CBC forger), sent to a real node
/// over loopback: what it admits, counts and logs.
/// </summary>
public sealed class ForgedAnnounceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly IPEndPoint _port = LoopbackPorts.FreeUdp();
    private readonly ListLoggerFactory _logs = new();
    private readonly UdpClient _attacker = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly ILegionCipher _cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null);
    private LegionNode _node = null!;

    public async Task InitializeAsync()
    {
        var options = new LegionOptions
        {
            Frequency = TimeSpan.FromMilliseconds(200),
            Tolerance = TimeSpan.FromSeconds(1),
            Legions =
            [
                new LegionDefinition { Name = "web", Address = NodeAddress.Udp("127.0.0.1", _port.Port), Valor = 10, Cipher = "aes-128-cbc", Secret = "s3cret" },
            ],
        };
        _node = await LegionNode.StartAsync(options, new LegionNodeOptions { HostName = "victim", LoggerFactory = _logs });
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        _attacker.Dispose();
    }

    private Task SendAsync(Announce announce) => _attacker.SendAsync(LegionDatagram.Seal(announce, _cipher), _port).AsTask();

    private Task<LegionStatus> UntilAsync(string what, Func<LegionStatus, bool> holds) =>
        Eventually.Until(what, ct => _node.GetStatusAsync("web", ct), holds, Patience, () => string.Join("\n", _logs.Entries.Select(e => e.Message)));

    [Fact]
    public async Task An_announce_carrying_this_nodes_uuid_from_another_process_is_dropped_and_counted_never_admitted()
    {
        var self = _node.Identity("web");
        long unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var impostors = new[]
        {
            new Announce { Legion = "web", Valor = self.Valor, Unix = unix, Name = self.Name, Pid = self.Pid + 1, Uuid = self.Uuid },
            new Announce { Legion = "web", Valor = 60000, Unix = unix, Name = "other-host", Pid = self.Pid, Uuid = self.Uuid },
        };
        foreach (var impostor in impostors)
        {
            await SendAsync(impostor);
        }

        var status = await UntilAsync("both impostors counted", s => s.Transport!.Drops.GetValueOrDefault(DropReason.Impersonation) >= impostors.Length);

        Assert.Empty(status.Membership.Members);
        Assert.Equal(impostors.Length, status.Transport!.Drops.GetValueOrDefault(DropReason.Impersonation));
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("joined legion", StringComparison.Ordinal));
    }
}
