namespace Legion.Actors.Tests.Interop;

/// <summary>Death announces between real uWSGI 2.0 nodes and ours, both ways, bf-cbc; and our death-on-lord-error as uWSGI sees it.</summary>
[Trait("Category", "Interop")]
public sealed class UwsgiMatrixDeathTests
{
    [Fact]
    public async Task A_death_announce_removes_the_node_at_once_in_both_directions()
    {
        // Tolerance 30 s: a removal within a few seconds can only come from a death announce.
        var (pOurs, pU1, pU2) = (LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp());
        await using var matrix = new Matrix();
        var ours = matrix.Add(await MatrixNode.StartOursAsync(pOurs, [pU1, pU2], 70, quorum: 0, toleranceSeconds: 30));
        var u1 = matrix.Add(await MatrixNode.StartUwsgiAsync(pU1, [pOurs, pU2], 50, quorum: 0, toleranceSeconds: 30));
        var u2 = matrix.Add(await MatrixNode.StartUwsgiAsync(pU2, [pOurs, pU1], 30, quorum: 0, toleranceSeconds: 30));
        await Eventually.Until("everyone counts two members", async ct => (await ours.ReadAsync(ct), await u1.ReadAsync(ct), await u2.ReadAsync(ct)),
            v => v.Item1.Members.Count == 2 && v.Item2.Members.Count == 2 && v.Item3.Members.Count == 2, Matrix.Deadline, matrix.Describe);
        string u1Uuid = (await u1.ReadAsync()).Uuid;
        string ourUuid = (await ours.ReadAsync()).Uuid;

        u1.Signal(Signals.SIGTERM);
        await Eventually.Until("our node dropped the uWSGI node that announced its death", ct => ours.ReadAsync(ct),
            v => v.Members.All(m => m.Uuid != u1Uuid), TimeSpan.FromSeconds(10), matrix.Describe);

        ours.Signal(Signals.SIGTERM);
        await Eventually.Until("the other uWSGI node dropped ours after our death announce", ct => u2.ReadAsync(ct),
            v => v.Members.Count == 0, TimeSpan.FromSeconds(10), matrix.Describe);
        Assert.Contains($"uuid: {ourUuid} announced its death to Legion gold", u2.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_node_suspended_by_a_failing_lord_action_is_dropped_by_uwsgi_at_once_and_rejoins_after_the_suspension()
    {
        var (pOurs, pUwsgi) = (LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp());
        await using var matrix = new Matrix();
        var uwsgi = matrix.Add(await MatrixNode.StartUwsgiAsync(pUwsgi, [pOurs], 50, quorum: 0, toleranceSeconds: 30));
        var ours = matrix.Add(await MatrixNode.StartOursAsync(pOurs, [pUwsgi], 90, quorum: 0, toleranceSeconds: 30,
            "--legion-lord", "gold cmd:exit 7", "--legion-death-on-lord-error", "4"));
        string ourUuid = (await ours.ReadAsync()).Uuid;

        await Eventually.Until("uWSGI saw our death announce and rules", async ct => (await uwsgi.ReadAsync(ct), uwsgi.Output),
            v => v.Item2.Contains($"uuid: {ourUuid} announced its death", StringComparison.Ordinal) && v.Item1.IAmTheLord != 0,
            Matrix.Deadline, matrix.Describe);
        await Eventually.Until("uWSGI admitted our node again after its suspension", _ => Task.FromResult(uwsgi.Output),
            output => Occurrences(output, $"uuid: {ourUuid} joined Legion gold") >= 2, Matrix.Deadline, matrix.Describe);
        Assert.Contains("suspending this node from the legion for 00:00:04", ours.Output, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string what)
    {
        int count = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
