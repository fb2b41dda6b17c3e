using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Legion.Actors.Tests.Protocol;

namespace Legion.Actors.Tests.Hosting;

/// <summary>
/// A padding-oracle probe against a real node over loopback, read back through what an outsider can read: the
/// stats document (also the control endpoint's <c>/status</c> and the metrics' drop reasons) and the log lines.
/// </summary>
public sealed class PaddingOracleNodeTests
{
    [Theory]
    [InlineData("aes-128-cbc")]
    [InlineData("bf-cbc")]
    public async Task A_padding_oracle_probe_cannot_tell_a_good_padding_from_a_bad_one_in_the_counters_or_the_log(string cipherName)
    {
        var port = LoopbackPorts.FreeUdp();
        var options = new LegionOptions
        {
            Legions =
            [
                new LegionDefinition { Name = "web", Address = NodeAddress.Udp("127.0.0.1", port.Port), Valor = 90, Cipher = cipherName, Secret = "s3cret" },
            ],
        };
        var logs = new ListLoggerFactory();
        await using var node = await LegionNode.StartAsync(options, new LegionNodeOptions { LoggerFactory = logs });

        // The captured datagram: any announce of this legion, sealed with its secret (the attacker never learns it).
        var cipher = LegionCipher.Create(cipherName, "s3cret", null);
        var announce = new Announce { Legion = "web", Valor = 50, Unix = 1, Name = "peer", Pid = 1, Uuid = ModelUuid };
        byte[] captured = LegionDatagram.Seal(announce, cipher);
        using var attacker = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var probes = PaddingOracleTests.Probes(captured, cipher.BlockSize, (ushort)((2 * cipher.BlockSize) - 1))
            .Concat(PaddingOracleTests.Probes(captured, cipher.BlockSize, 0)).ToList();
        foreach (var probe in probes)
        {
            await attacker.SendAsync(probe, port);
        }

        var drops = await Eventually.Until("the node read every probe", async ct => await DropsAsync(node, ct),
            d => d.Received >= probes.Count, TimeSpan.FromSeconds(20), () => "");

        // Every probe went to one counter: the counters say nothing about which probes had a valid padding.
        var counted = drops.ByReason.Where(d => d.Value > 0).ToList();
        Assert.Equal(probes.Count, counted.Sum(d => d.Value));
        Assert.Single(counted);
        Assert.Equal("undecodable", counted[0].Key);
        var dropLines = logs.Entries.Select(e => e.Message).Where(m => m.Contains("Dropped", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(dropLines);
        Assert.All(dropLines, line => Assert.Contains("undecodable", line, StringComparison.Ordinal));
    }

    private const string ModelUuid = "00000000-0000-4000-8000-000000000001";

    private static async Task<(long Received, Dictionary<string, long> ByReason)> DropsAsync(LegionNode node, CancellationToken ct)
    {
        var json = UwsgiStatsJson.Write(await node.GetStatusAsync(ct), 1, "test");
        using var document = JsonDocument.Parse(json);
        var legion = document.RootElement.GetProperty("legions")[0];
        return (legion.GetProperty("datagrams_received").GetInt64(),
            legion.GetProperty("drops").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()));
    }
}
