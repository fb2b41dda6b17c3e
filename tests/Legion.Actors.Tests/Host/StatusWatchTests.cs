using System.Net;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Host;

/// <summary>
/// <c>legion status --watch</c> as an operator runs it while following a failover: real <c>legion</c> nodes, the real
/// executable, plain output into a pipe, a real terminal (a pseudo-terminal from util-linux's <c>script</c>) and Ctrl-C.
/// </summary>
[Trait("Category", "Process")]
public sealed partial class StatusWatchTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static LegionHostProcess StartNode(string name, IPEndPoint self, IPEndPoint peer, int valor, IPEndPoint stats) =>
        LegionHostProcess.Start(
        [
            "--legion", $"web {self} {valor} aes-128-cbc:s3cret", "--legion-node", $"web {peer}", "--legion-freq", "250ms", "--legion-tolerance", "1s",
            "--node-name", name, "--stats", stats.ToString(),
        ]);

    [Fact]
    public void Watch_into_a_pipe_prints_each_change_of_a_failover_once_in_plain_text_and_Ctrl_C_exits_0()
    {
        var (alphaPort, bravoPort, alphaStats, bravoStats) = (LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp(), LoopbackPorts.FreeTcp(), LoopbackPorts.FreeTcp());
        using var alpha = StartNode("alpha", alphaPort, bravoPort, 90, alphaStats);
        using var bravo = StartNode("bravo", bravoPort, alphaPort, 50, bravoStats);
        alpha.WaitForLine("is now the Lord of legion web", Deadline);
        using var watch = LegionHostProcess.Start(["status", "--watch", "--interval", "200ms", alphaStats.ToString(), bravoStats.ToString()]);
        watch.WaitForLine("legion web: Lord alpha (valor 90), 2 node(s)", Deadline);
        watch.WaitForLine(l => l.StartsWith("  ok: every node votes for alpha (90)", StringComparison.Ordinal), Deadline);

        alpha.Signal(Signals.SIGKILL);
        watch.WaitForLine("legion web: Lord bravo (valor 50), 1 node(s)", Deadline);
        watch.WaitForLine($"! {alphaStats}: unreachable", Deadline);
        watch.Signal(Signals.SIGINT);
        int code = watch.WaitForExit(Deadline);

        output.WriteLine(watch.Output);
        Assert.Equal(0, code);
        Assert.DoesNotContain('\u001b', watch.Output);
        // One block per state, each under a time stamp and its verdict; a state is printed again only once it changed.
        var blocks = watch.Output.Split("--- ", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(blocks, b => Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: (ok|ATTENTION)\n", b));
        Assert.Contains(blocks, b => b[21..].StartsWith("ok", StringComparison.Ordinal) && b.Contains("Lord alpha"));
        Assert.Contains("ATTENTION", blocks[^1]);
        var states = blocks.Select(b => LastSeen().Replace(b[b.IndexOf('\n', StringComparison.Ordinal)..], "")).ToList();
        Assert.All(states.Zip(states.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void Watch_in_a_terminal_redraws_the_table_in_place_until_Ctrl_C_and_exits_0()
    {
        var (alphaPort, bravoPort, alphaStats, bravoStats) = (LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp(), LoopbackPorts.FreeTcp(), LoopbackPorts.FreeTcp());
        using var alpha = StartNode("alpha", alphaPort, bravoPort, 90, alphaStats);
        using var bravo = StartNode("bravo", bravoPort, alphaPort, 50, bravoStats);
        alpha.WaitForLine("is now the Lord of legion web", Deadline);
        // script(1) runs the watch on a pseudo-terminal; a 0x03 byte written to it is Ctrl-C typed at that terminal:
        // the terminal sends SIGINT to the watch, as it would for an operator. script runs the command through $SHELL
        // (/bin/sh when unset, as in CI): `exec` makes the watch the terminal's only process, since dash, unlike bash,
        // would wait for it as a child and die of that SIGINT itself (script then returns 130 whatever the watch did).
        var command = $"exec dotnet {LegionHostProcess.HostDll} status --watch --interval 200ms {alphaStats} {bravoStats}";
        using var terminal = new ChildProcess("script", ["--quiet", "--flush", "--return", "--command", command, "/dev/null"], keepInput: true);
        terminal.WaitForLine("legion web: Lord alpha (valor 90), 2 node(s)", Deadline);
        terminal.WaitForLine(l => l.Contains("legion status --watch: ok", StringComparison.Ordinal), Deadline, skip: 2);

        alpha.Signal(Signals.SIGKILL);
        terminal.WaitForLine("legion web: Lord bravo (valor 50), 1 node(s)", Deadline);
        terminal.WaitForLine(l => l.Contains("legion status --watch: ATTENTION", StringComparison.Ordinal), Deadline);
        terminal.Write("\u0003");
        int code = terminal.WaitForExit(Deadline);

        output.WriteLine(terminal.Output);
        Assert.Equal(0, code);
        // Every frame starts at the top left (ESC [H) and clears what the previous frame left below it (ESC [J).
        Assert.True(terminal.Output.Split("\u001b[H").Length > 3, "several frames, each drawn from the top left");
        Assert.Contains("\u001b[J", terminal.Output);
        Assert.DoesNotContain("--- ", terminal.Output);
    }

    /// <summary>The "last seen" cell of a row: time passing, not a change of the legion.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"  (now|\d+ s ago)  ")]
    private static partial System.Text.RegularExpressions.Regex LastSeen();
}
