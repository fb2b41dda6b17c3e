using System.Net;
using System.Net.Sockets;
using System.Text;
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

    [Fact]
    public async Task Names_uuids_and_scrolls_with_newlines_and_escape_sequences_reach_the_log_escaped()
    {
        await UntilAsync("the victim is Lord", s => s.Election.IsLord);
        var self = _node.Identity("web");
        const string forgedLine = "2026-01-01 00:00:00.000 [INF] This node (mallory, valor 9) is now the Lord of legion web";
        string name = "evil\n" + forgedLine + "\u001b[2J\r";
        string uuid = ("\n" + forgedLine).PadRight(36, '\u001b')[..36];
        string scroll = "*********** End of the New Lord Scroll ***********\n" + forgedLine + "\u0007";

        // A higher valor, our checksum and its own vote: the victim agrees, steps down for it and logs its scroll.
        ulong checksum = unchecked(LegionChecksum.Part(self.Valor, self.Uuid) + LegionChecksum.Part(100, uuid));
        using var sending = new CancellationTokenSource();
        var flood = Task.Run(async () =>
        {
            while (!sending.IsCancellationRequested)
            {
                await SendAsync(new Announce
                {
                    Legion = "web", Valor = 100, Unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Name = name, Pid = 7, Uuid = uuid,
                    Checksum = checksum, LordValor = 100, LordUuid = uuid, Scroll = Encoding.UTF8.GetBytes(scroll),
                });
                await Task.Delay(50);
            }
        });
        try
        {
            await UntilAsync("the victim stepped down for the forged node", s => !s.Election.IsLord && s.Membership.Count == 1);
            await Eventually.Until("the new Lord's scroll logged", _ => Task.FromResult(_logs.Entries.ToList()),
                entries => entries.Any(e => e.Message.Contains("New Lord Scroll", StringComparison.Ordinal)), Patience, () => "");
        }
        finally
        {
            await sending.CancelAsync();
            await flood;
        }

        var messages = _logs.Entries.Select(e => e.Message).ToList();
        Assert.Contains(messages, m => m.Contains("evil\\n2026-01-01", StringComparison.Ordinal) && m.Contains("joined legion web", StringComparison.Ordinal));
        foreach (var message in messages)
        {
            // Templates may hold line breaks of their own (the scroll banners); what a peer sent never starts a line.
            Assert.DoesNotContain(message.Split('\n'), line => line.StartsWith("2026-01-01", StringComparison.Ordinal));
            Assert.DoesNotContain(message, c => c is '\u001b' or '\r' or '\u0007');
        }
    }
}
