using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>Our `legion` process and a real uWSGI 2.0 process in one legion; one of them is killed or stopped.</summary>
[Trait("Category", "Interop")]
public sealed class UwsgiHostInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(25);

    private static async Task<(LegionHostProcess Host, UwsgiLegionNode Uwsgi, IPEndPoint HostEndPoint)> StartPair(int toleranceSeconds, string cipher = "aes-256-cbc")
    {
        var ours = LoopbackPorts.FreeUdp();
        var uwsgi = await UwsgiLegionNode.StartAsync(new UwsgiLegionConfig
        {
            Legion = "pair",
            Valor = 50,
            Cipher = cipher,
            Secret = "pair-secret",
            Nodes = [ours],
            FrequencySeconds = 1,
            ToleranceSeconds = toleranceSeconds,
        });
        var host = LegionHostProcess.Start(["--legion", $"pair {ours} 90 {cipher}:pair-secret", "--legion-node", $"pair {uwsgi.LegionEndPoint}",
            "--legion-freq", "1", "--legion-tolerance", toleranceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--legion-death", "pair log:goodbye"]);
        return (host, uwsgi, ours);
    }

    [Fact]
    public async Task Our_SIGKILLed_Lord_is_replaced_by_uwsgi_after_the_tolerance()
    {
        var (host, uwsgi, _) = await StartPair(toleranceSeconds: 3);
        await using var _uwsgi = uwsgi;
        using var _host = host;
        host.WaitForLine("is now the Lord of legion pair", Deadline);
        await Eventually.Until("uWSGI follows our Lord", ct => uwsgi.ReadLegionAsync(ct), l => l.Members.Count == 1 && l.IAmTheLord == 0, Deadline, uwsgi.Describe);

        var clock = Stopwatch.StartNew();
        host.Signal(Signals.SIGKILL);
        await Eventually.Until("uWSGI becomes Lord", ct => uwsgi.ReadLegionAsync(ct), l => l.IAmTheLord != 0, Deadline, uwsgi.Describe);
        output.WriteLine($"uWSGI became Lord {clock.Elapsed.TotalSeconds:0.0} s after our Lord was SIGKILLed (freq 1 s, tolerance 3 s)");

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3), "uWSGI may only replace a silent Lord after its tolerance");
        Assert.Empty((await uwsgi.ReadLegionAsync()).Members);
    }

    [Fact]
    public async Task Our_node_stopped_with_SIGTERM_leaves_uwsgi_at_once_through_its_death_announce_and_exits_0()
    {
        // Tolerance 30 s: removal within a few seconds can only come from the death announce.
        var (host, uwsgi, _) = await StartPair(toleranceSeconds: 30);
        await using var _uwsgi = uwsgi;
        using var _host = host;
        host.WaitForLine("is now the Lord of legion pair", Deadline);
        await Eventually.Until("uWSGI counts us", ct => uwsgi.ReadLegionAsync(ct), l => l.Members.Count == 1, Deadline, uwsgi.Describe);

        var clock = Stopwatch.StartNew();
        host.Signal(Signals.SIGTERM);
        await Eventually.Until("uWSGI drops us", ct => uwsgi.ReadLegionAsync(ct), l => l.Members.Count == 0, TimeSpan.FromSeconds(10), uwsgi.Describe);
        output.WriteLine($"uWSGI dropped our node {clock.Elapsed.TotalSeconds:0.00} s after SIGTERM");

        Assert.Equal(0, host.WaitForExit(Deadline));
        Assert.Contains(host.Lines, l => l.Contains("goodbye", StringComparison.Ordinal));
        Assert.Contains("announced its death", uwsgi.Process.Output, StringComparison.Ordinal);
        // uWSGI, alone now, takes over at its next rounds.
        await Eventually.Until("uWSGI becomes Lord", ct => uwsgi.ReadLegionAsync(ct), l => l.IAmTheLord != 0, Deadline, uwsgi.Describe);
    }
}
