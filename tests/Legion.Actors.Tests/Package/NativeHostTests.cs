using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Legion.Actors.Protocol;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Package;

/// <summary>
/// The native (Native AOT) <c>legion</c> executable, as <c>./build.sh native</c> publishes it: it runs a node from an
/// ini file on loopback, announces (its datagram opens with the legion's cipher), becomes Lord, serves its stats and
/// control endpoint, and leaves on SIGTERM with a death announce and exit code 0.
/// <c>./build.sh test</c> (and so CI) publishes it right before the tests and names it in <c>LEGION_NATIVE_HOST</c>;
/// a plain <c>dotnet test</c> uses <c>artifacts/native/legion</c>, publishing it first when it is missing or older
/// than the sources. Either way the test fails, never skips, when there is no native host to run.
/// </summary>
[Trait("Category", "Package")]
public sealed class NativeHostTests(ITestOutputHelper output)
{
    private const string Secret = "native-smoke";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Publish = TimeSpan.FromMinutes(10);
    private static readonly Lock Publishing = new();

    [Fact]
    public async Task The_native_host_announces_becomes_Lord_serves_its_endpoints_and_leaves_on_SIGTERM()
    {
        var binary = NativeHost();
        var udp = LoopbackPorts.FreeUdp();
        var stats = LoopbackPorts.FreeTcp();
        var control = LoopbackPorts.FreeTcp();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveTimeout = (int)Deadline.TotalMilliseconds;
        var work = Directory.CreateTempSubdirectory("legion-native-");
        try
        {
            var ini = Path.Combine(work.FullName, "node.ini");
            File.WriteAllText(ini, $"""
                [uwsgi]
                legion = smoke {udp} 100 aes-128-cbc:{Secret}
                legion-node = smoke {peer.LocalEndPoint}
                legion-freq = 1
                legion-tolerance = 3
                stats = {stats}
                legion-lord = smoke log:this node is now the Lord
                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(ini, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            using var host = new ChildProcess(binary, ["--ini", ini, "--node-name", "native", "--control", control.ToString()]);
            var cipher = LegionCipher.Create("aes-128-cbc", Secret, null);
            var first = Receive(peer, cipher);
            Assert.Equal(("smoke", "native", 100UL, false), (first.Legion, first.Name, first.Valor, first.Dead));
            host.WaitForLine("is now the Lord of legion smoke", Deadline);

            using (var document = JsonDocument.Parse(ReadStats(stats)))
            {
                var legion = document.RootElement.GetProperty("legions")[0];
                Assert.Equal("smoke", legion.GetProperty("legion").GetString());
                Assert.Equal(first.Uuid, legion.GetProperty("lord_uuid").GetString());
            }
            using (var http = new HttpClient { Timeout = Deadline })
            using (var page = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://{control}/api/legions"))))
            {
                Assert.Equal(first.Uuid, page.RootElement.GetProperty("legions")[0].GetProperty("lord").GetProperty("uuid").GetString());
            }

            host.Signal(Signals.SIGTERM);
            Assert.Equal(0, host.WaitForExit(Deadline));
            Assert.Contains(host.Lines, l => l.EndsWith("[INF] Stopped", StringComparison.Ordinal));
            Announce last;
            do
            {
                last = Receive(peer, cipher);
            }
            while (!last.Dead);
            Assert.Equal(first.Uuid, last.Uuid);
            output.WriteLine(host.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_native_host_raises_its_soft_open_file_limit_to_the_hard_limit_and_refuses_a_limit_too_low()
    {
        // Native AOT does not raise the soft limit as the JIT runtime does: the host does it itself.
        var binary = NativeHost();
        string Under(string limits, string legion) => $"{limits}; exec '{binary}' --legion '{legion}' --legion-freq 250ms --legion-tolerance 1s";
        using var raised = new ChildProcess("bash", ["-c", Under("ulimit -Sn 200 && ulimit -Hn 4096", $"smoke {LoopbackPorts.FreeUdp()} 100 aes-128-cbc:{Secret}")]);
        raised.WaitForLine("is now the Lord of legion smoke", Deadline);
        var limits = File.ReadAllLines($"/proc/{raised.Pid}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        raised.Signal(Signals.SIGTERM);
        Assert.Equal(0, raised.WaitForExit(Deadline));
        using var starved = new ChildProcess("bash", ["-c", Under("ulimit -n 64", $"smoke {LoopbackPorts.FreeUdp()} 100 aes-128-cbc:{Secret}")]);
        int code = starved.WaitForExit(Deadline);

        Assert.Matches(@"^Max open files\s+4096\s+4096\s", limits);
        Assert.Equal(1, code);
        Assert.Contains("open file limit (ulimit -n) is 64", starved.Output);
    }

    [Fact]
    public void The_native_host_refuses_a_Serilog_configuration_file_and_starts_nothing()
    {
        using var host = new ChildProcess(NativeHost(), ["--legion", $"smoke {LoopbackPorts.FreeUdp()} 100 aes-128-cbc:{Secret}", "--log-config", "logging.json"]);

        Assert.Equal(2, host.WaitForExit(Deadline));
        Assert.Contains("--log-config: the native legion host cannot read a Serilog configuration file", host.Output);
    }

    private static Announce Receive(Socket socket, ILegionCipher cipher)
    {
        var buffer = new byte[65536];
        int length = socket.Receive(buffer);
        Assert.True(LegionDatagram.TryOpen(buffer.AsSpan(0, length), cipher, out var announce, out var reason), $"the datagram did not open: {reason}");
        return announce;
    }

    private static string ReadStats(IPEndPoint endPoint)
    {
        using var client = new TcpClient();
        client.Connect(endPoint);
        using var reader = new StreamReader(client.GetStream());
        return reader.ReadToEnd();
    }

    /// <summary>The native executable to test: LEGION_NATIVE_HOST, or a fresh artifacts/native/legion (published here if need be).</summary>
    private string NativeHost()
    {
        if (Environment.GetEnvironmentVariable("LEGION_NATIVE_HOST") is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"LEGION_NATIVE_HOST names {given}, which does not exist: ./build.sh native failed?");
            return given;
        }
        var repo = Repo();
        var binary = Path.Combine(repo, "artifacts", "native", "legion");
        lock (Publishing)
        {
            var newestSource = new[] { "src" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(repo, d), "*", SearchOption.AllDirectories))
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Concat(Directory.EnumerateFiles(repo, "Directory.*.props"))
                .Max(File.GetLastWriteTimeUtc);
            if (!File.Exists(binary) || File.GetLastWriteTimeUtc(binary) < newestSource)
            {
                using var publish = new ChildProcess("bash", [Path.Combine(repo, "build.sh"), "native"], workingDirectory: repo);
                int code = publish.WaitForExit(Publish);
                output.WriteLine($"$ ./build.sh native (exit {code})\n{publish.Output}");
                Assert.True(code == 0 && File.Exists(binary), $"./build.sh native failed ({code}):\n{publish.Output}");
            }
        }
        return binary;
    }

    private static string Repo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Legion.Actors.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
