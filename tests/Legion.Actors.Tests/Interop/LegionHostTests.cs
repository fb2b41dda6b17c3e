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
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // build.sh and file modes: Linux
    public void The_quick_start_on_a_fresh_clone_prints_what_the_readme_shows_and_no_warning()
    {
        // A fresh clone as git checks it out: build.sh 0755, config/local.ini 0644 (git keeps no other modes).
        var clone = Directory.CreateTempSubdirectory("legion-clone-");
        var shim = Directory.CreateTempSubdirectory("legion-dotnet-");
        try
        {
            Directory.CreateDirectory(Path.Combine(clone.FullName, "config"));
            File.Copy(RepoFile("build.sh"), Path.Combine(clone.FullName, "build.sh"));
            File.SetUnixFileMode(Path.Combine(clone.FullName, "build.sh"), (UnixFileMode)0b111_101_101);
            var ini = Path.Combine(clone.FullName, "config", "local.ini");
            File.Copy(RepoFile("config/local.ini"), ini);
            File.SetUnixFileMode(ini, (UnixFileMode)0b110_100_100);
            // build.sh runs `dotnet run --project src/Legion.Host -c Release -- ARGS`; a stand-in `dotnet` first on PATH runs the
            // host this suite built with those ARGS instead of building it again.
            var fakeDotnet = Path.Combine(shim.FullName, "dotnet");
            File.WriteAllText(fakeDotnet, "#!/bin/sh\nwhile [ $# -gt 0 ] && [ \"$1\" != -- ]; do shift; done\nshift\nPATH=\"$REAL_PATH\" exec dotnet \"$LEGION_HOST_DLL\" \"$@\"\n");
            File.SetUnixFileMode(fakeDotnet, (UnixFileMode)0b111_101_101);
            var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
            using var run = new ChildProcess(Path.Combine(clone.FullName, "build.sh"), ["run"], new Dictionary<string, string>
            {
                ["PATH"] = shim.FullName + ":" + path, ["REAL_PATH"] = path, ["LEGION_HOST_DLL"] = LegionHostProcess.HostDll,
            }, clone.FullName);

            var expected = ReadmeQuickStartOutput();
            run.WaitForLine(l => expected[^1].IsMatch(l), Deadline);
            var lines = run.Lines;

            Assert.True(expected[0].IsMatch(lines[0]), $"the first line is the README's first line, not:\n{run.Output}");
            int at = 0;
            foreach (var line in expected)
            {
                at = lines.ToList().FindIndex(at, line.IsMatch);
                Assert.True(at >= 0, $"the README's line /{line}/ in order in:\n{run.Output}");
            }
            Assert.DoesNotContain(lines, l => l.Contains("[WRN]", StringComparison.Ordinal) || l.Contains("warn", StringComparison.OrdinalIgnoreCase));
            Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(ini));
        }
        finally
        {
            clone.Delete(recursive: true);
            shim.Delete(recursive: true);
        }
    }

    /// <summary>The lines the README's quick start says <c>./build.sh run</c> prints, as patterns (<c>...</c> and the host name vary).</summary>
    private static IReadOnlyList<System.Text.RegularExpressions.Regex> ReadmeQuickStartOutput()
    {
        var readme = File.ReadAllText(RepoFile("README.md"));
        int intro = readme.IndexOf("`./build.sh run` prints", StringComparison.Ordinal);
        int start = readme.IndexOf("```\n", intro, StringComparison.Ordinal) + 4;
        var block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        return block.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(l).Replace(@"\.\.\.", ".*").Replace("myhost", @"\S+") + "$"))
            .ToList();
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
