using System.Globalization;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// A node whose clock runs two minutes behind (libfaketime) announces timestamps older than the 30 s skew
/// tolerance: its peers drop every announce of it, count it as clock skew and say "check your clock", so it
/// never joins, whatever its valor. Shown for a shifted `legion` node and a shifted uWSGI node, with both
/// kinds of peer.
/// </summary>
[Collection(HarnessCollection.Name)]
[Trait("Category", "Harness")]
public sealed class ClockSkewTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Shift = TimeSpan.FromSeconds(-120);

    [Fact]
    public void Nodes_whose_clock_is_two_minutes_behind_are_dropped_as_clock_skew_by_legion_and_uWSGI_peers_and_never_rule()
    {
        const string scenario = "Clock skew (libfaketime, -120 s, skew tolerance 30 s)";
        using var lab = NetworkLab.Create(output, "a", "b", "u", "s", "w");
        var hosts = lab.Hosts;
        string[] Args(string host, int valor) => LabArguments.Unicast("skew", lab[host], valor, hosts.Where(h => h.Name != host));
        var a = LabNode.Ours(lab, lab["a"], Args("a", 30));
        var b = LabNode.Ours(lab, lab["b"], Args("b", 20));
        var u = LabNode.Uwsgi(lab, lab["u"], Args("u", 25));
        // The shifted nodes have the highest valors: were their announces accepted, one of them would rule.
        var s = LabNode.Ours(lab, lab["s"], Args("s", 40), FakeClock.Shifted(Shift));
        var w = LabNode.Uwsgi(lab, lab["w"], Args("w", 50), FakeClock.Shifted(Shift));
        LabNode[] honest = [a, b, u];
        LabNode[] all = [a, b, u, s, w];

        // The three nodes with a true clock form the legion on their own: none lists s or w, a rules.
        Assert.Same(a, LabLegion.WaitForSettledLord(lab, honest, Deadline, "Lord of the nodes with a true clock"));
        var shifted = new[] { s, w }.Select(n => Poll.Until($"{n.Name} answers", n.TryView, v => v is not null, Deadline, () => n.Describe())!.Uuid).ToList();
        var views = honest.Select(n => n.TryView()!).ToList();
        Assert.All(views, v => Assert.Empty(v.Members.Intersect(shifted)));

        // Our peers count every announce of s and w as clock skew and log it clearly; so does uWSGI.
        var aView = Poll.Until("a counts clock-skew drops from both shifted nodes", a.TryView, v => v?.DropsOf("clock_skew") >= 4, Deadline, () => LabLegion.Describe(all))!;
        Assert.Contains(a.Process.Lines, l => l.Contains("older than the skew tolerance", StringComparison.Ordinal) && l.Contains("check your clock", StringComparison.Ordinal));
        Assert.Contains(b.Process.Lines, l => l.Contains("check your clock", StringComparison.Ordinal));
        Poll.Until("uWSGI reports the untolerable packets", () => u.Process.Output, o => o.Contains("untolerable packet received for Legion skew", StringComparison.Ordinal), Deadline, u.Describe);

        // The shift is real inside the .NET process: its log's wall clock runs two minutes behind.
        var firstLine = s.Process.WaitForLine(l => l.Contains("listening on", StringComparison.Ordinal), Deadline);
        var logged = DateTime.ParseExact(firstLine[..23], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var behind = DateTime.Now - logged;
        lab.Log($"a: {aView}; s logs {behind.TotalSeconds:0} s behind");
        Assert.InRange(behind.TotalSeconds, 100, 180);

        ReliabilityResults.Record(scenario, "clock-skew drops counted by legion node a (from a shifted legion and a shifted uWSGI node)", aView.DropsOf("clock_skew").ToString(CultureInfo.InvariantCulture));
        ReliabilityResults.Record(scenario, "members of the true-clock nodes that are shifted", "none (a, b and uWSGI u list only each other)");
        ReliabilityResults.Record(scenario, "how far behind the shifted .NET process logs", $"{behind.TotalSeconds:0} s");
        ReliabilityResults.Record(scenario, "uWSGI's message for them", "[uwsgi-legion] untolerable packet received for Legion skew , check your clock !!!");
    }
}
