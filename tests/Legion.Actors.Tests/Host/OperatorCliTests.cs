using System.Net;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Tests.Hosting;
using Legion.Host;
using Legion.Host.Cli;
using Microsoft.Extensions.Logging.Abstractions;
using Serilog.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Host;

/// <summary>The operator commands of `legion`, in process (output captured) and as the real executable.</summary>
public sealed class OperatorCliTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await OperatorCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Legion.Actors.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir!.FullName, relative);
    }

    [Fact]
    [Trait("Category", "Interop")]
    public async Task Status_shows_a_mixed_legion_of_our_nodes_and_a_uWSGI_node_in_one_table()
    {
        var ports = LoopbackLegion.Ports(2);
        await using var uwsgi = await UwsgiLegionNode.StartAsync(new UwsgiLegionConfig { Valor = 70, Nodes = ports, FrequencySeconds = 1, ToleranceSeconds = 3, Scroll = "from-uwsgi" });
        LegionOptions Options(int self, ushort valor) => new()
        {
            Frequency = TimeSpan.FromSeconds(1),
            Tolerance = TimeSpan.FromSeconds(3),
            Legions =
            [
                new LegionDefinition
                {
                    Name = "gold", Address = NodeAddress.Udp("127.0.0.1", ports[self].Port), Valor = valor, Cipher = "aes-128-cbc", Secret = "s3cret",
                    Scroll = $"role={valor}",
                    Nodes = [NodeAddress.Udp("127.0.0.1", ports[1 - self].Port), NodeAddress.Udp("127.0.0.1", uwsgi.LegionEndPoint.Port)],
                },
            ],
        };
        var (alpha, alphaLegions) = await LoopbackLegion.StartAsync(Options(0, 90), output, "alpha");
        var (bravo, bravoLegions) = await LoopbackLegion.StartAsync(Options(1, 50), output, "bravo");
        await using var stats = StatsServer.Start("127.0.0.1:0",
            async ct => UwsgiStatsJson.Write(await alpha.GetStatusAsync(ct), Environment.ProcessId, "test"), NullLogger.Instance);
        using var logging = new SerilogLoggerFactory(new Serilog.LoggerConfiguration().CreateLogger(), dispose: true);
        using var timeline = new StatusTimeline(bravo, bravoLegions);
        var control = await ControlEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), ControlEndpointSettings.ReadOnly, bravo, bravoLegions, timeline, logging);
        try
        {
            await LoopbackLegion.Until(bravoLegions["gold"], "the three nodes agree", s => s.HasQuorum && s.Votes == 3);
            string[] args = ["status", stats.LocalEndPoint.ToString(), control.Url.ToString(), uwsgi.StatsEndPoint.ToString()];

            var (code, text, _) = await Eventually.Until("legion status sees agreement", _ => Cli(args), r => r.Code == 0, Deadline, () => "");

            output.WriteLine(text);
            Assert.Contains("legion gold: Lord alpha (valor 90), 3 node(s)", text);
            Assert.Contains("ok: every node votes for alpha (90)", text);
            var uwsgiLine = text.Split('\n').Single(l => l.Contains(uwsgi.StatsEndPoint.ToString(), StringComparison.Ordinal));
            Assert.Contains("from-uwsgi", uwsgiLine);
            Assert.Contains("alpha (90)", uwsgiLine);
            Assert.Contains(" 70 ", uwsgiLine);
            Assert.Contains(text.Split('\n'), l => l.Contains("bravo", StringComparison.Ordinal) && l.Contains("role=50", StringComparison.Ordinal));
        }
        finally
        {
            await control.DisposeAsync();
            await alpha.StopAsync();
            await bravo.StopAsync();
            alphaLegions.Dispose();
            bravoLegions.Dispose();
        }
    }

    [Fact]
    [Trait("Category", "Interop")]
    public async Task Status_of_two_agreeing_nodes_flags_a_uWSGI_member_both_list_that_claims_lordship_and_exits_1()
    {
        // n1 and n2 (our processes) announce to each other only; the uWSGI node announces to both and hears nobody, so it
        // rules alone, while n1 and n2 keep n1 as their Lord and list the uWSGI node as a member voting for itself.
        var n1Port = LoopbackPorts.FreeUdp();
        var n2Port = LoopbackPorts.FreeUdp();
        var n1Stats = LoopbackPorts.FreeTcp();
        var n2Stats = LoopbackPorts.FreeTcp();
        string[] Node(string name, IPEndPoint self, IPEndPoint peer, int valor, IPEndPoint stats) =>
        [
            "--legion", $"gold {self} {valor} aes-128-cbc:s3cret", "--legion-node", $"gold {peer}", "--legion-freq", "1", "--legion-tolerance", "3",
            "--node-name", name, "--stats", stats.ToString(),
        ];
        using var n1 = LegionHostProcess.Start(Node("n1", n1Port, n2Port, 90, n1Stats));
        using var n2 = LegionHostProcess.Start(Node("n2", n2Port, n1Port, 50, n2Stats));
        n1.WaitForLine("is now the Lord of legion gold", Deadline);
        await using var n3 = await UwsgiLegionNode.StartAsync(new UwsgiLegionConfig { Valor = 70, Nodes = [n1Port, n2Port], FrequencySeconds = 1, ToleranceSeconds = 3 });
        await Eventually.Until("the uWSGI node rules alone", ct => n3.ReadLegionAsync(ct), l => l.IAmTheLord != 0, Deadline, n3.Describe);
        foreach (var stats in new[] { n1Stats, n2Stats })
        {
            await Eventually.Until($"{stats} lists the uWSGI node claiming lordship", ct => MemberClaims(stats, ct), claims => claims.Contains(true), Deadline, () => n1.Output + "\n" + n2.Output);
        }

        var (code, text) = LegionHostProcess.Run(["status", n1Stats.ToString(), n2Stats.ToString()], Deadline);
        var (allCode, allText) = LegionHostProcess.Run(["status", n1Stats.ToString(), n2Stats.ToString(), n3.StatsEndPoint.ToString()], Deadline);

        output.WriteLine(text);
        output.WriteLine(allText);
        Assert.Equal(1, code);
        Assert.Contains("legion gold: no single Lord, 2 node(s)", text);
        Assert.Contains("! 2 nodes claim lordship: n1, ", text);
        Assert.Contains("(from member tables)", text);
        Assert.Contains("! nodes vote for different Lords: n1 (90) by n1, n2; ", text);
        Assert.Contains("! checksum mismatch", text);
        Assert.DoesNotContain("ok: every node votes", text);
        Assert.Equal(1, allCode);
        Assert.Contains("! 2 nodes claim lordship: n1, ", allText);
    }

    /// <summary>For each member in our node's stats at <paramref name="stats"/>: does it announce itself as Lord (<c>lord</c> ≠ 0)?</summary>
    private static async Task<bool[]> MemberClaims(IPEndPoint stats, CancellationToken ct)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(stats, ct);
        using var json = await System.Text.Json.JsonDocument.ParseAsync(client.GetStream(), cancellationToken: ct);
        return json.RootElement.GetProperty("legions")[0].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("lord").GetInt64() != 0).ToArray();
    }

    [Fact]
    public async Task Set_valor_and_step_down_act_through_a_nodes_control_endpoint()
    {
        var options = LoopbackLegion.Options("web", LoopbackLegion.Ports(1)[0], [], 90);
        var (node, legions) = await LoopbackLegion.StartAsync(options, output, "solo");
        using var logging = new SerilogLoggerFactory(new Serilog.LoggerConfiguration().CreateLogger(), dispose: true);
        using var timeline = new StatusTimeline(node, legions);
        var control = await ControlEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), ControlEndpointSettings.WithToken("t0k"), node, legions, timeline, logging);
        var address = $"127.0.0.1:{control.Url.Port}";
        try
        {
            await legions["web"].WaitForLordshipAsync().WaitAsync(LoopbackLegion.Patience);

            var lowered = await Cli("set-valor", address, "-10", "--token", "t0k");
            var refused = await Cli("step-down", address, "--token", "t0k");
            var forced = await Cli("step-down", address, "--for", "2m", "--force", "--token", "t0k");
            var noToken = await Cli("set-valor", address, "5");

            Assert.Equal((0, "web@" + address + ": 200 valor changed from 90 to 80"), (lowered.Code, lowered.Out.Trim()));
            Assert.Equal(1, refused.Code);
            Assert.Contains("refused: 409 no other member", refused.Err);
            Assert.Equal(0, forced.Code);
            Assert.Contains("stepped down for 120s", forced.Out);
            Assert.Equal(1, noToken.Code);
            Assert.Contains("401", noToken.Err);
        }
        finally
        {
            await control.DisposeAsync();
            await node.StopAsync();
            legions.Dispose();
        }
    }

    [Fact]
    public async Task Check_config_validates_an_ini_or_a_json_file_without_starting_anything()
    {
        var dir = Directory.CreateTempSubdirectory("legion-check-");
        try
        {
            var badIni = Path.Combine(dir.FullName, "bad.ini");
            await File.WriteAllTextAsync(badIni, "[uwsgi]\nlegion = web 127.0.0.1:4999 abc aes-128-cbc:topsecret\n");
            var json = Path.Combine(dir.FullName, "appsettings.json");
            await File.WriteAllTextAsync(json, """{ "Legion": { "Frequency": "1s", "Legions": [ { "Name": "api", "Address": "127.0.0.1:5000", "Valor": 10, "Cipher": "aes-256-cbc", "Secret": "topsecret", "Nodes": [ "127.0.0.1:5001" ] } ] } }""");
            var badJson = Path.Combine(dir.FullName, "bad.json");
            await File.WriteAllTextAsync(badJson, """{ "Legion": { "Legions": [ { "Name": "api", "Address": "127.0.0.1:5000", "Valor": 10, "Cipher": "rot13", "Secret": "topsecret" } ] } }""");

            var ini = await Cli("check-config", RepoFile("config/local.ini"));
            var broken = await Cli("check-config", badIni);
            var settings = await Cli("check-config", json);
            var brokenJson = await Cli("check-config", badJson);

            Assert.Equal(0, ini.Code);
            Assert.Contains("OK, 1 legion(s)", ini.Out);
            Assert.Contains("legion local: 127.0.0.1:4242, valor 100", ini.Out);
            Assert.Equal(2, broken.Code);
            Assert.Contains("bad.ini:2", broken.Err);
            Assert.DoesNotContain("topsecret", broken.Err);
            Assert.Equal(0, settings.Code);
            Assert.Contains("legion api: 127.0.0.1:5000, valor 10, aes-256-cbc, 1 node(s)", settings.Out);
            Assert.Equal(2, brokenJson.Code);
            Assert.Contains("Legion:Legions:0:Cipher", brokenJson.Err);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_valor_that_is_not_a_number_is_a_usage_error()
    {
        var (code, _, err) = await Cli("set-valor", "127.0.0.1:1", "+x");

        Assert.Equal(2, code);
        Assert.Contains("not a valor", err);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void The_executable_runs_operator_commands_and_still_runs_nodes_from_uWSGI_options()
    {
        var (checkCode, checkOutput) = LegionHostProcess.Run(["check-config", RepoFile("config/local.ini")], Deadline);
        var (statusCode, statusOutput) = LegionHostProcess.Run(["status", "127.0.0.1:1"], Deadline);
        var (helpCode, helpOutput) = LegionHostProcess.Run(["--help"], Deadline);

        Assert.Equal(0, checkCode);
        Assert.Contains("OK", checkOutput);
        Assert.Equal(1, statusCode);
        Assert.Contains("unreachable", statusOutput);
        Assert.Equal(0, helpCode);
        Assert.Contains("--legion-node", helpOutput);
        Assert.Contains("legion status ADDR...", helpOutput);
    }
}
