using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace Legion.Actors.Tests.Interop;

/// <summary>The `legion` executable as a user runs it: exit codes, logs, stats, signals.</summary>
[Trait("Category", "Process")]
public sealed class LegionHostTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Legion.Actors.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), relative);
    }

    [Fact]
    public void The_readme_run_configuration_becomes_Lord_within_two_heartbeats_and_leaves_cleanly_on_SIGTERM()
    {
        using var host = LegionHostProcess.Start(["--ini", RepoFile("config/local.ini")]);
        host.WaitForLine("listening on 127.0.0.1:4242", Deadline);
        var clock = Stopwatch.StartNew();
        host.WaitForLine("is now the Lord of legion local", Deadline);
        // freq 1 s in local.ini: Lord at the second heartbeat. The bound is generous for a loaded machine,
        // the figure itself is printed by the test log.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Lord after {clock.Elapsed}");
        host.WaitForLine("this node is now the Lord", Deadline);

        host.Signal(Signals.SIGTERM);
        Assert.Equal(0, host.WaitForExit(Deadline));
        Assert.Contains(host.Lines, l => l.Contains("leaving the legion", StringComparison.Ordinal));
        Assert.Contains(host.Lines, l => l.Contains("death announce sent", StringComparison.Ordinal));
        int death = host.Lines.ToList().FindIndex(l => l.Contains("leaving the legion", StringComparison.Ordinal));
        int announce = host.Lines.ToList().FindIndex(l => l.Contains("death announce sent", StringComparison.Ordinal));
        Assert.True(death < announce, "death actions run before the death announce, as uWSGI");
    }

    [Fact]
    public void Help_lists_the_uwsgi_options_and_exits_zero()
    {
        var (code, output) = LegionHostProcess.Run(["--help"], Deadline);
        Assert.Equal(0, code);
        Assert.Contains("--legion-node", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--legion", "web 127.0.0.1:4999 90 nope-cbc:secret" }, "--legion", "aes-128-cbc")]
    [InlineData(new[] { "--legion", "web 127.0.0.1:4999 70000 aes-128-cbc:secret" }, "--legion", "70000")]
    [InlineData(new[] { "--legion-node", "web 127.0.0.1:4999" }, "--legion-node", "web")]
    [InlineData(new[] { "--legion", "web 127.0.0.1:4999 90 aes-128-cbc:secret", "--legion-lord", "web signalx:3" }, "--legion-lord", "signalx")]
    [InlineData(new[] { "--legion", "web 127.0.0.1:4999 90 aes-128-cbc:secret", "--legion-freq", "soon" }, "--legion-freq", "soon")]
    [InlineData(new[] { "--legion", "web 127.0.0.1:4999 90 aes-128-cbc:secret", "--legion-cron", "web 61 -1 -1 -1 -1 true" }, "--legion-cron", "minute field 61")]
    [InlineData(new[] { "--frobnicate" }, "--frobnicate", "frobnicate")]
    [InlineData(new string[0], "command line", "no legion declared")]
    public void A_configuration_error_exits_2_naming_the_option_and_the_value_and_starts_nothing(string[] args, string source, string mentioned)
    {
        var (code, output) = LegionHostProcess.Run(args, Deadline);

        Assert.Equal(2, code);
        Assert.Contains("configuration error", output, StringComparison.Ordinal);
        Assert.Contains(source, output, StringComparison.Ordinal);
        Assert.Contains(mentioned, output, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", output, StringComparison.Ordinal);
        Assert.DoesNotContain(":secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_ini_line_exits_2_naming_file_and_line()
    {
        string dir = Directory.CreateTempSubdirectory("legion-ini-").FullName;
        string ini = Path.Combine(dir, "bad.ini");
        File.WriteAllText(ini, "[uwsgi]\nmaster = true\nlegion = web 127.0.0.1:4999 abc aes-128-cbc:topsecret\n");
        try
        {
            var (code, output) = LegionHostProcess.Run(["--ini", ini], Deadline);
            Assert.Equal(2, code);
            Assert.Contains("bad.ini:3", output, StringComparison.Ordinal);
            Assert.Contains("abc", output, StringComparison.Ordinal);
            Assert.DoesNotContain("topsecret", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void An_address_in_use_exits_1()
    {
        using var squatter = new UdpClient(LoopbackPorts.FreeUdp());
        int port = ((System.Net.IPEndPoint)squatter.Client.LocalEndPoint!).Port;

        var (code, output) = LegionHostProcess.Run(["--legion", $"web 127.0.0.1:{port} 90 aes-128-cbc:secret"], Deadline);

        Assert.Equal(1, code);
        Assert.Contains("in use", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Stats_serve_one_uwsgi_compatible_json_document_per_connection()
    {
        var legion = LoopbackPorts.FreeUdp();
        var stats = LoopbackPorts.FreeTcp();
        using var host = LegionHostProcess.Start(["--legion", $"web {legion} 90 aes-128-cbc:secret", "--legion-node", $"web {legion}",
            "--legion-freq", "1", "--legion-tolerance", "3", "--stats", stats.ToString()]);
        host.WaitForLine("is now the Lord", Deadline);

        // The log line comes from the election actor; the stats read the supervisor's copy of the state, which
        // follows a moment later: wait for it rather than race it.
        var snapshot = await Eventually.Until("stats show the Lord", token => UwsgiStats.ReadAsync(stats, token),
            s => s.Legion("web").IAmTheLord != 0, Deadline, () => host.Output);
        var web = snapshot.Legion("web");
        Assert.Equal(legion.ToString(), web.Addr);
        Assert.Equal(90UL, web.Valor);
        Assert.NotEqual(0, web.IAmTheLord);
        Assert.Equal(web.Uuid, web.LordUuid);
        Assert.Equal([legion.ToString()], web.Nodes);
        Assert.Empty(web.Members);

        // A second connection gets a fresh document; the secret appears in neither.
        using var client = new TcpClient();
        await client.ConnectAsync(stats);
        string raw = await new StreamReader(client.GetStream()).ReadToEndAsync();
        using var json = JsonDocument.Parse(raw);
        Assert.Equal("web", json.RootElement.GetProperty("legions")[0].GetProperty("legion").GetString());
        Assert.DoesNotContain("secret", raw, StringComparison.Ordinal);
    }
}
