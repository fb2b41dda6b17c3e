using System.Diagnostics;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// Faults on real processes in their own namespaces, three `legion` nodes (valors 30, 20, 10; freq 1 s,
/// tolerance 3 s, quorum 2 of 3): a frozen Lord that comes back, and a Lord cut off by a partition that heals.
/// Either way the legion ends with exactly one Lord, and stays so.
/// </summary>
[Collection(HarnessCollection.Name)]
[Trait("Category", "Harness")]
public sealed class FaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(3);

    [Fact]
    public void A_frozen_Lord_is_replaced_and_when_it_thaws_the_legion_settles_on_one_Lord_again()
    {
        const string scenario = "Frozen Lord (SIGSTOP, then SIGCONT)";
        using var lab = NetworkLab.Create(output, "a", "b", "c");
        var (a, b, c) = StartThree(lab);
        LabNode[] all = [a, b, c];
        Assert.Same(a, LabLegion.WaitForSettledLord(lab, all, Deadline, "first Lord"));

        var clock = Stopwatch.StartNew();
        a.Signal(Signals.SIGSTOP);
        Assert.Same(b, LabLegion.WaitForSettledLord(lab, [b, c], Deadline, "Lord while a is frozen"));
        ReliabilityResults.Record(scenario, "SIGSTOP of the Lord to a settled new Lord", clock.Elapsed);

        clock.Restart();
        a.Signal(Signals.SIGCONT);
        var twoLordsUntil = TimeSpan.Zero;
        var lord = Poll.Until("one settled Lord after SIGCONT", () =>
        {
            if (LabLegion.Lords(all).Count > 1)
            {
                twoLordsUntil = clock.Elapsed;
            }
            return LabLegion.SettledLord(all);
        }, l => l is not null, Deadline, () => LabLegion.Describe(all))!;
        var settled = clock.Elapsed;
        lab.Log($"after SIGCONT: {lord.Name} rules; two Lords seen until {twoLordsUntil.TotalSeconds:0.00} s");
        ReliabilityResults.Record(scenario, "SIGCONT to one settled Lord", settled);
        ReliabilityResults.Record(scenario, "two nodes claimed Lord after SIGCONT until (stats polled every 100 ms)", twoLordsUntil);
        ReliabilityResults.Record(scenario, "Lord after the thaw", $"{lord.Name} (valor {(lord == a ? 30 : lord == b ? 20 : 10)})");

        AssertOneLordFor(Steady, all, lab);
        Assert.Same(a, lord);
    }

    [Fact]
    public void A_Lord_cut_off_alone_steps_down_for_want_of_quorum_the_majority_elects_and_the_healed_legion_has_one_Lord()
    {
        const string scenario = "Partition and heal, quorum 2 of 3";
        using var lab = NetworkLab.Create(output, "a", "b", "c");
        var (a, b, c) = StartThree(lab);
        LabNode[] all = [a, b, c];
        Assert.Same(a, LabLegion.WaitForSettledLord(lab, all, Deadline, "first Lord"));

        var clock = Stopwatch.StartNew();
        lab.Cut(a.Host);
        lab.Log("a cut off");
        TimeSpan? majority = null, steppedDown = null;
        Poll.Until("b rules the majority side and the cut-off Lord steps down", () =>
        {
            majority ??= LabLegion.SettledLord([b, c]) == b ? clock.Elapsed : null;
            steppedDown ??= a.TryView() is { IsLord: false } ? clock.Elapsed : null;
            return (majority, steppedDown);
        }, t => t.majority is not null && t.steppedDown is not null, Deadline, () => LabLegion.Describe(all));
        ReliabilityResults.Record(scenario, "cut to a settled Lord on the majority side", majority!.Value);
        ReliabilityResults.Record(scenario, "cut to the lone old Lord stepping down (no quorum)", steppedDown!.Value);

        // While cut off, a stays without quorum: only b rules.
        AssertLordsFor(Steady, all, lab, [b]);

        clock.Restart();
        lab.Heal(a.Host);
        lab.Log("a reconnected");
        var twoLordsUntil = TimeSpan.Zero;
        var lord = Poll.Until("one settled Lord after the heal", () =>
        {
            if (LabLegion.Lords(all).Count > 1)
            {
                twoLordsUntil = clock.Elapsed;
            }
            return LabLegion.SettledLord(all);
        }, l => l is not null, Deadline, () => LabLegion.Describe(all))!;
        ReliabilityResults.Record(scenario, "heal to one settled Lord", clock.Elapsed);
        ReliabilityResults.Record(scenario, "two nodes claimed Lord after the heal until", twoLordsUntil);

        AssertOneLordFor(Steady, all, lab);
        Assert.Same(a, lord);
    }

    private static (LabNode A, LabNode B, LabNode C) StartThree(NetworkLab lab)
    {
        LabHost[] hosts = [lab["a"], lab["b"], lab["c"]];
        int[] valors = [30, 20, 10];
        var nodes = hosts.Select((h, i) => LabNode.Ours(lab, h, LabArguments.Unicast("faults", h, valors[i], hosts.Where(p => p != h), quorum: 2))).ToArray();
        return (nodes[0], nodes[1], nodes[2]);
    }

    private static void AssertOneLordFor(TimeSpan span, IReadOnlyList<LabNode> nodes, NetworkLab lab)
    {
        var lord = LabLegion.SettledLord(nodes);
        Assert.NotNull(lord);
        AssertLordsFor(span, nodes, lab, [lord]);
    }

    /// <summary>
    /// For <paramref name="span"/>, every poll at which all nodes answer finds exactly <paramref name="expected"/>
    /// claiming to be Lord (a poll where a node's stats do not answer in time, on a loaded machine, proves nothing
    /// either way and is skipped), and most polls are complete.
    /// </summary>
    private static void AssertLordsFor(TimeSpan span, IReadOnlyList<LabNode> nodes, NetworkLab lab, LabNode[] expected)
    {
        var clock = Stopwatch.StartNew();
        int polls = 0, complete = 0;
        while (clock.Elapsed < span)
        {
            var views = LabLegion.Views(nodes);
            polls++;
            if (views.All(v => v.View is not null))
            {
                complete++;
                var lords = views.Where(v => v.View!.IsLord).Select(v => v.Node).ToList();
                Assert.True(lords.SequenceEqual(expected),
                    $"after {clock.Elapsed.TotalSeconds:0.0} s of a steady state, Lords are [{string.Join(", ", lords.Select(l => l.Name))}], expected [{string.Join(", ", expected.Select(l => l.Name))}]\n{LabLegion.Describe(nodes)}");
            }
            Thread.Sleep(Poll.Interval);
        }
        lab.Log($"steady: [{string.Join(", ", expected.Select(l => l.Name))}] ruled at every one of {complete} complete polls ({polls} in all) over {span.TotalSeconds:0} s");
        Assert.True(complete >= polls / 2, $"only {complete} of {polls} polls had every node's stats");
    }
}
