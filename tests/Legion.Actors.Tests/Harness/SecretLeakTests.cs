using System.Net;
using System.Net.Sockets;
using Legion.Actors.Protocol;
using Legion.Actors.Tests.Configuration;
using Xunit.Abstractions;
using static Legion.Actors.Tests.Configuration.Secrets;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// The secret and IV never leave the process in anything an operator or a peer can read: the log at its most
/// verbose through a whole life (start, a world-readable ini file, members joining, a failing action, hostile
/// datagrams, Lord, SIGTERM), the stats document, the control endpoint's status page and status document,
/// `legion status` and `legion check-config`, and configuration errors.
/// </summary>
[Trait("Category", "Process")]
public sealed class SecretLeakTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Neither_the_secret_nor_the_IV_appears_in_logs_stats_or_errors_and_a_world_readable_ini_draws_a_warning()
    {
        using var dir = new TempDirectory();
        var a = LoopbackPorts.FreeUdp();
        var b = LoopbackPorts.FreeUdp();
        var stats = LoopbackPorts.FreeTcp();
        var control = LoopbackPorts.FreeTcp();
        var ini = dir.Write("node.ini", $"""
            [uwsgi]
            legion = web {a} 90 aes-128-cbc:{Secret} {Iv}
            legion-node = web {b}
            legion-freq = 1
            legion-tolerance = 3
            stats = {stats}
            legion-lord = web cmd:echo lord; exit 3
            legion-node-joined = web log:a member joined
            legion-death = web log:leaving
            """, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var verbose = new Dictionary<string, string> { ["LEGION_LOG_LEVEL"] = "Verbose" };

        using var nodeA = LegionHostProcess.Start(["--ini", ini, "--control", control.ToString()], verbose);
        using var nodeB = LegionHostProcess.Start(["--legion", $"web {b} 50 aes-128-cbc:{Secret} {Iv}", "--legion-node", $"web {a}",
            "--legion-freq", "1", "--legion-tolerance", "3"], verbose);
        nodeA.WaitForLine("is now the Lord", Deadline);
        nodeA.WaitForLine("joined legion web", Deadline);
        nodeA.WaitForLine("failed after", Deadline);

        // Hostile datagrams: sealed with another key, for another legion, garbage.
        using (var sender = new UdpClient())
        {
            var cipher = LegionCipher.Create("aes-128-cbc", Secret, Iv);
            var announce = new Announce { Legion = "other", Valor = 1, Unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Name = "x", Pid = 1, Uuid = "12345678-1234-1234-1234-123456789abc" };
            foreach (var datagram in new[] { LegionDatagram.Seal(announce, cipher), LegionDatagram.Seal(announce, LegionCipher.Create("aes-128-cbc", "wrong", null)), [109, 1, 2, 3, 4, 5] })
            {
                await sender.SendAsync(datagram, a);
            }
        }
        nodeA.WaitForLine("Dropped", Deadline);

        string document = await ReadStats(stats);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{control}/") };
        string page = await http.GetStringAsync("/");
        string status = await http.GetStringAsync("/status");
        string cli = LegionHostProcess.Run(["status", $"http://{control}", stats.ToString()], Deadline).Output;
        string check = LegionHostProcess.Run(["check-config", ini], Deadline).Output;
        nodeA.Signal(Signals.SIGTERM);
        nodeB.Signal(Signals.SIGTERM);
        Assert.Equal(0, nodeA.WaitForExit(Deadline));
        Assert.Equal(0, nodeB.WaitForExit(Deadline));

        // Configuration errors that quote the line holding the secret.
        var errors = new[]
        {
            LegionHostProcess.Run(["--legion", $"web {a} ninety aes-128-cbc:{Secret} {Iv}"], Deadline).Output,
            LegionHostProcess.Run(["--legion", $"web {a} 90 rot13:{Secret} {Iv}"], Deadline).Output,
            LegionHostProcess.Run(["--legion", $"web {a} 90 aes-128-cbc:{Secret} {Iv}", "--legion-node", $"web aes-128-cbc:{Secret}"], Deadline).Output,
        };

        output.WriteLine($"node a: {nodeA.Lines.Count} lines, node b: {nodeB.Lines.Count} lines, stats {document.Length} chars, page {page.Length}, " +
            $"status {status.Length}, legion status {cli.Length}, check-config {check.Length}, {errors.Length} errors");
        Assert.Contains(nodeA.Lines, l => l.Contains("[VRB]", StringComparison.Ordinal) || l.Contains("[DBG]", StringComparison.Ordinal));
        Assert.Contains(nodeA.Lines, l => l.Contains("node.ini:2: the secret of legion 'web' is in a file readable by group/others (mode 0644)", StringComparison.Ordinal));
        Assert.Contains("\"legions\"", document, StringComparison.Ordinal);
        Assert.Contains("\"legions\"", status, StringComparison.Ordinal);
        Assert.Contains("web", cli, StringComparison.Ordinal);
        foreach (var text in new[] { nodeA.Output, nodeB.Output, document, page, status, cli, check }.Concat(errors))
        {
            AssertAbsent(text);
        }
    }

    private static async Task<string> ReadStats(IPEndPoint stats)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(stats);
        return await new StreamReader(client.GetStream()).ReadToEndAsync();
    }
}
