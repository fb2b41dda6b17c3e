using System.Net;
using System.Net.Sockets;
using Legion.Actors.Tests.Configuration;

namespace Legion.Actors.Tests.Interop;

/// <summary>
/// The `legion` host binds everything before it announces: a node that cannot serve its stats or control endpoint
/// exits before any peer hears of it and before its <c>setup</c> actions run.
/// </summary>
[Trait("Category", "Process")]
public sealed class StartupOrderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Runs the host with a legion whose only node is <paramref name="peer"/>, and returns its exit code and output.</summary>
    private static (int Code, string Output) RunAgainst(UdpClient peer, string marker, params string[] extra)
    {
        var legion = LoopbackPorts.FreeUdp();
        var peerPort = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        string[] args =
        [
            "--legion", $"web {legion} 90 aes-128-cbc:s3cret", "--legion-node", $"web 127.0.0.1:{peerPort}",
            "--legion-setup", $"web cmd:touch {marker}", .. extra,
        ];
        return LegionHostProcess.Run(args, Deadline);
    }

    private static void AssertNothingStarted(UdpClient peer, string marker, string output)
    {
        Assert.Equal(0, peer.Available); // not one announce reached the peer
        Assert.False(File.Exists(marker), "the setup action ran");
        Assert.DoesNotContain("listening on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("death announce", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stats_port_in_use_exits_1_before_announcing_or_running_setup()
    {
        using var dir = new TempDirectory();
        string marker = Path.Combine(dir.Path, "setup-ran");
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        try
        {
            var (code, output) = RunAgainst(peer, marker, "--stats", squatter.LocalEndpoint.ToString()!);

            Assert.Equal(1, code);
            Assert.Contains("stats server", output, StringComparison.Ordinal);
            AssertNothingStarted(peer, marker, output);
        }
        finally
        {
            squatter.Stop();
        }
    }

    [Fact]
    public void A_stats_host_that_does_not_resolve_exits_1_before_announcing_or_running_setup()
    {
        using var dir = new TempDirectory();
        string marker = Path.Combine(dir.Path, "setup-ran");
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        var (code, output) = RunAgainst(peer, marker, "--stats", "no-such-host.invalid:9191");

        Assert.Equal(1, code);
        Assert.Contains("no-such-host.invalid", output, StringComparison.Ordinal);
        AssertNothingStarted(peer, marker, output);
    }

    [Fact]
    public void A_control_port_in_use_exits_1_before_announcing_or_running_setup()
    {
        using var dir = new TempDirectory();
        string marker = Path.Combine(dir.Path, "setup-ran");
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        try
        {
            var (code, output) = RunAgainst(peer, marker, "--control", squatter.LocalEndpoint.ToString()!);

            Assert.Equal(1, code);
            Assert.Contains("control endpoint", output, StringComparison.Ordinal);
            AssertNothingStarted(peer, marker, output);
        }
        finally
        {
            squatter.Stop();
        }
    }

    [Fact]
    public void An_IPv6_zone_naming_no_interface_exits_2_naming_it()
    {
        var (code, output) = LegionHostProcess.Run(["--legion", "web [fe80::1%no-such-if0]:4242 90 aes-128-cbc:s3cret"], Deadline);

        Assert.Equal(2, code);
        Assert.Contains("--legion", output, StringComparison.Ordinal);
        Assert.Contains("no-such-if0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ini_file_without_the_section_or_with_a_broken_header_exits_2_naming_file_and_section()
    {
        using var dir = new TempDirectory();
        string noSection = dir.Write("nosection.ini", "[app]\nlegion = web 127.0.0.1:4999 90 aes-128-cbc:s3cret\n");
        string brokenHeader = dir.Write("broken.ini", "[uwsgi\nlegion = web 127.0.0.1:4999 90 aes-128-cbc:s3cret\n");

        var (code, output) = LegionHostProcess.Run(["--ini", noSection], Deadline);
        Assert.Equal(2, code);
        Assert.Contains("nosection.ini", output, StringComparison.Ordinal);
        Assert.Contains("no [uwsgi] section", output, StringComparison.Ordinal);

        (code, output) = LegionHostProcess.Run(["--ini", brokenHeader], Deadline);
        Assert.Equal(2, code);
        Assert.Contains("broken.ini:1", output, StringComparison.Ordinal);
        Assert.Contains("'[uwsgi'", output, StringComparison.Ordinal);
    }
}
