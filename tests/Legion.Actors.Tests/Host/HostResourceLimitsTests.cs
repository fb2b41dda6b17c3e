using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Legion.Host;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Host;

/// <summary>
/// The real <c>legion</c> host under operating system limits: a low open-file limit (<c>ulimit -n</c>) and a flood of
/// idle connections to its control endpoint and stats server, and its control token for local mutations.
/// </summary>
[Trait("Category", "Process")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostResourceLimitsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string[] Node(IPEndPoint udp) =>
        ["--legion", $"web {udp} 90 aes-128-cbc:s3cret", "--legion-freq", "250ms", "--legion-tolerance", "1s"];

    /// <summary>Runs the JIT host through bash, so that <paramref name="limits"/> (ulimit commands) apply to it alone.</summary>
    private static ChildProcess UnderLimits(string limits, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var quoted = string.Join(' ', new[] { "dotnet", LegionHostProcess.HostDll }.Concat(arguments).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        return new ChildProcess("bash", ["-c", $"{limits}; exec {quoted}"], environment);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    public void A_node_whose_open_file_limit_is_too_low_says_so_and_starts_nothing(int limit)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var listening = (IPEndPoint)udp.Client.LocalEndPoint!;
        udp.Client.ReceiveTimeout = 2000;
        using var host = UnderLimits($"ulimit -n {limit}", [.. Node(LoopbackPorts.FreeUdp()), "--legion-node", $"web {listening}"]);

        int code = host.WaitForExit(Deadline);
        output.WriteLine(host.Output);

        Assert.Equal(1, code);
        Assert.Contains($"open file limit (ulimit -n) is {limit}", host.Output);
        Assert.Contains("at least", host.Output);
        Assert.Throws<SocketException>(() => udp.Receive(ref listening));
    }

    [Fact]
    public void A_soft_open_file_limit_below_the_hard_limit_is_raised_to_it()
    {
        using var host = UnderLimits("ulimit -Sn 200 && ulimit -Hn 4096", Node(LoopbackPorts.FreeUdp()));

        host.WaitForLine("is now the Lord of legion web", Deadline);
        var limits = File.ReadAllLines($"/proc/{host.Pid}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));

        Assert.Matches(@"^Max open files\s+4096\s+4096\s", limits);
        host.Signal(Signals.SIGTERM);
        Assert.Equal(0, host.WaitForExit(Deadline));
    }

    [Fact]
    public void An_idle_node_holds_no_descriptors_for_features_it_was_not_asked_for()
    {
        using var host = LegionHostProcess.Start(Node(LoopbackPorts.FreeUdp()));
        host.WaitForLine("is now the Lord of legion web", Deadline);

        var open = new DirectoryInfo($"/proc/{host.Pid}/fd").GetFileSystemInfos().Select(f => f.LinkTarget ?? "").ToList();
        output.WriteLine($"{open.Count} descriptors:\n{string.Join('\n', open.Order())}");

        // No OTLP export, no control endpoint, no --log-config: none of their assemblies is loaded (the runtime keeps
        // two descriptors open for each).
        Assert.DoesNotContain(open, f => Path.GetFileName(f).StartsWith("OpenTelemetry", StringComparison.Ordinal));
        Assert.DoesNotContain(open, f => Path.GetFileName(f).StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(open, f => Path.GetFileName(f) is "Serilog.Settings.Configuration.dll" or "Microsoft.Extensions.Configuration.Json.dll");
        host.Signal(Signals.SIGTERM);
        Assert.Equal(0, host.WaitForExit(Deadline));
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(FileDescriptorLimit.Minimum)] // what the node says it needs must be enough under a flood
    public async Task A_thousand_idle_connections_leave_the_node_able_to_act_and_to_leave_with_a_death_announce(int limit)
    {
        var work = Directory.CreateTempSubdirectory("legion-fds-");
        var control = LoopbackPorts.FreeTcp();
        var stats = LoopbackPorts.FreeTcp();
        var deathFile = Path.Combine(work.FullName, "death");
        var clients = new List<TcpClient>();
        try
        {
            using var host = UnderLimits($"ulimit -n {limit}", [.. Node(LoopbackPorts.FreeUdp()), "--control", control.ToString(), "--stats", stats.ToString(),
                "--legion-death", $"web cmd:echo bye > {deathFile}"], new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = work.FullName });
            host.WaitForLine("is now the Lord of legion web", Deadline);
            host.WaitForLine("Control endpoint and status page on", Deadline);

            for (int i = 0; i < 1000; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(control);
                clients.Add(client);
            }
            // Until the node has taken what it will of them: its descriptor count stops moving.
            int previous = -1;
            await Eventually.Until("the node's descriptor count settles", _ =>
            {
                int now = Directory.GetFiles($"/proc/{host.Pid}/fd").Length;
                bool settled = now == previous;
                previous = now;
                return Task.FromResult(settled);
            }, settled => settled, Deadline, () => host.Output);
            output.WriteLine($"node holds {previous} descriptors with 1000 idle clients");

            // The stats server still answers a new client, and the node still runs actions and leaves cleanly.
            using (var reader = new TcpClient())
            {
                await reader.ConnectAsync(stats);
                using var text = new StreamReader(reader.GetStream());
                Assert.Contains("\"legions\"", await text.ReadToEndAsync());
            }
            host.Signal(Signals.SIGTERM);
            int code = host.WaitForExit(Deadline);
            output.WriteLine(host.Output);

            Assert.Equal(0, code);
            Assert.Contains(host.Lines, l => l.Contains("death announce sent", StringComparison.Ordinal));
            Assert.Equal("bye", File.ReadAllText(deathFile).Trim());
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Changes_through_the_control_endpoint_need_the_token_that_only_the_nodes_user_can_read()
    {
        var work = Directory.CreateTempSubdirectory("legion-token-");
        var control = LoopbackPorts.FreeTcp();
        var environment = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = work.FullName };
        try
        {
            using var host = LegionHostProcess.Start([.. Node(LoopbackPorts.FreeUdp()), "--control", control.ToString()], environment);
            host.WaitForLine("is now the Lord of legion web", Deadline);
            var tokenFile = Path.Combine(work.FullName, "legion", $"control-127.0.0.1-{control.Port}.token");
            host.WaitForLine(tokenFile, Deadline);

            using var http = new HttpClient { BaseAddress = new Uri($"http://{control}/") };
            var read = await http.GetAsync(new Uri("status", UriKind.Relative));
            var anonymous = await http.PostAsync(new Uri("legions/web/valor?value=5", UriKind.Relative), null);
            using var cli = LegionHostProcess.Start(["set-valor", control.ToString(), "+1"], environment);
            int cliCode = cli.WaitForExit(Deadline);
            output.WriteLine(cli.Output);
            using var withToken = new HttpRequestMessage(HttpMethod.Post, new Uri("legions/web/valor?value=%2B1", UriKind.Relative));
            withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(tokenFile).Trim());
            var authorized = await http.SendAsync(withToken);

            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(0, cliCode);
            Assert.Contains("valor changed from 90 to 91", cli.Output);
            Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(tokenFile)!));
            Assert.DoesNotContain(File.ReadAllText(tokenFile).Trim(), host.Output);

            host.Signal(Signals.SIGTERM);
            Assert.Equal(0, host.WaitForExit(Deadline));
            Assert.False(File.Exists(tokenFile), "the token file outlived the node");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
