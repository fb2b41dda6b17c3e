using System.Diagnostics;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>
/// Three nodes mixing real uWSGI 2.0 and our host, quorum 2 of 3, bf-cbc (uWSGI needs OpenSSL's legacy provider for
/// it): when one node is partitioned away, the remaining mixed pair still elects a Lord.
/// </summary>
[Trait("Category", "Interop")]
public sealed class UwsgiMatrixQuorumTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_SIGSTOPped_uwsgi_Lord_leaves_a_uwsgi_node_and_ours_to_elect_ours_and_the_partition_heals()
    {
        var (p90, p60, p30) = (LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp());
        await using var matrix = new Matrix();
        var u90 = matrix.Add(await MatrixNode.StartUwsgiAsync(p90, [p60, p30], 90, quorum: 2));
        var ours = matrix.Add(await MatrixNode.StartOursAsync(p60, [p90, p30], 60, quorum: 2));
        var u30 = matrix.Add(await MatrixNode.StartUwsgiAsync(p30, [p90, p60], 30, quorum: 2));
        string lordUuid = (await u90.ReadAsync()).Uuid;

        await Eventually.Until("all three agree that the uWSGI node of valor 90 rules", async ct => (await u90.ReadAsync(ct), await ours.ReadAsync(ct), await u30.ReadAsync(ct)),
            v => v.Item1.IAmTheLord != 0 && v.Item2.LordUuid == lordUuid && v.Item3.LordUuid == lordUuid && v.Item2.Members.Count == 2 && v.Item3.Members.Count == 2,
            Matrix.Deadline, matrix.Describe);

        string ourUuid = (await ours.ReadAsync()).Uuid;
        var clock = Stopwatch.StartNew();
        u90.Signal(Signals.SIGSTOP);
        var pair = await Eventually.Until("the uWSGI node of valor 30 and ours elect ours with two votes", async ct => (await ours.ReadAsync(ct), await u30.ReadAsync(ct)),
            v => v.Item1.IAmTheLord != 0 && v.Item2.LordUuid == ourUuid && v.Item2.Members.Count == 1, Matrix.Deadline, matrix.Describe);
        output.WriteLine($"new Lord (ours) {clock.Elapsed.TotalSeconds:0.0} s after SIGSTOP of the uWSGI Lord (freq 1 s, tolerance 3 s)");
        Assert.Equal(0, pair.Item2.IAmTheLord);
        Assert.Equal(pair.Item1.Checksum, pair.Item2.Checksum);

        clock.Restart();
        u90.Signal(Signals.SIGCONT);
        await Eventually.Until("the uWSGI node of valor 90 rules again and ours stepped down", async ct => (await u90.ReadAsync(ct), await ours.ReadAsync(ct), await u30.ReadAsync(ct)),
            v => v.Item1.IAmTheLord != 0 && v.Item2.IAmTheLord == 0 && v.Item2.LordUuid == lordUuid && v.Item3.LordUuid == lordUuid,
            Matrix.Deadline, matrix.Describe);
        output.WriteLine($"uWSGI Lord back {clock.Elapsed.TotalSeconds:0.0} s after SIGCONT");
    }

    [Fact]
    public async Task Our_SIGKILLed_Lord_leaves_a_uwsgi_node_and_ours_to_elect_the_uwsgi_node()
    {
        var (p90, p60, p30) = (LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp());
        await using var matrix = new Matrix();
        var ours90 = matrix.Add(await MatrixNode.StartOursAsync(p90, [p60, p30], 90, quorum: 2));
        var u60 = matrix.Add(await MatrixNode.StartUwsgiAsync(p60, [p90, p30], 60, quorum: 2));
        var ours30 = matrix.Add(await MatrixNode.StartOursAsync(p30, [p90, p60], 30, quorum: 2));
        string lordUuid = (await ours90.ReadAsync()).Uuid;
        await Eventually.Until("all three agree that our node of valor 90 rules", async ct => (await ours90.ReadAsync(ct), await u60.ReadAsync(ct), await ours30.ReadAsync(ct)),
            v => v.Item1.IAmTheLord != 0 && v.Item2.LordUuid == lordUuid && v.Item3.LordUuid == lordUuid && v.Item2.Members.Count == 2,
            Matrix.Deadline, matrix.Describe);

        var clock = Stopwatch.StartNew();
        ours90.Signal(Signals.SIGKILL);

        string uwsgiUuid = (await u60.ReadAsync()).Uuid;
        var pair = await Eventually.Until("the uWSGI node of valor 60 rules with our node of valor 30", async ct => (await u60.ReadAsync(ct), await ours30.ReadAsync(ct)),
            v => v.Item1.IAmTheLord != 0 && v.Item2.LordUuid == uwsgiUuid && v.Item1.Members.Count == 1, Matrix.Deadline, matrix.Describe);
        output.WriteLine($"new Lord (uWSGI) {clock.Elapsed.TotalSeconds:0.0} s after SIGKILL of our Lord (freq 1 s, tolerance 3 s)");
        Assert.Equal(0, pair.Item2.IAmTheLord);
        Assert.Equal(uwsgiUuid, Assert.Single(pair.Item2.Members).Uuid);
    }
}
