namespace Legion.Actors.Tests.Interop;

/// <summary>Arbiters (valor 0) of both implementations in one legion with a uWSGI node that can rule, bf-cbc.</summary>
[Trait("Category", "Interop")]
public sealed class UwsgiMatrixArbiterTests
{
    [Fact]
    public async Task Arbiters_of_either_implementation_count_for_quorum_and_never_rule()
    {
        var (pNode, pOurs, pUwsgi) = (LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp());
        await using var matrix = new Matrix();
        var node = matrix.Add(await MatrixNode.StartUwsgiAsync(pNode, [pOurs, pUwsgi], 50, quorum: 3));
        var ourArbiter = matrix.Add(await MatrixNode.StartOursAsync(pOurs, [pNode, pUwsgi], 0, quorum: 3));
        var uwsgiArbiter = matrix.Add(await MatrixNode.StartUwsgiAsync(pUwsgi, [pNode, pOurs], 0, quorum: 3));
        string lordUuid = (await node.ReadAsync()).Uuid;

        // Quorum 3 is reached only because both arbiters count.
        var views = await Eventually.Until("the valor-50 node rules with three votes", async ct => (await node.ReadAsync(ct), await ourArbiter.ReadAsync(ct), await uwsgiArbiter.ReadAsync(ct)),
            v => v.Item1.IAmTheLord != 0 && v.Item2.LordUuid == lordUuid && v.Item3.LordUuid == lordUuid, Matrix.Deadline, matrix.Describe);
        Assert.Equal((0, 0), (views.Item2.IAmTheLord, views.Item3.IAmTheLord));
        Assert.Equal(2, views.Item1.Members.Count(m => m.Valor == 0));

        node.Signal(Signals.SIGKILL);

        // Alone together, the two arbiters agree that there is no candidate; neither ever rules.
        var arbiters = await Eventually.Until("both arbiters dropped the dead node", async ct => (await ourArbiter.ReadAsync(ct), await uwsgiArbiter.ReadAsync(ct)),
            v => v.Item1.Members.Count == 1 && v.Item2.Members.Count == 1, Matrix.Deadline, matrix.Describe);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var later = (await ourArbiter.ReadAsync(), await uwsgiArbiter.ReadAsync());
        Assert.Equal((0L, 0L), (later.Item1.IAmTheLord, later.Item2.IAmTheLord));
        Assert.Equal(0UL, later.Item2.LordValor);
        Assert.DoesNotContain("is now the Lord", ourArbiter.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("i am now the Lord", uwsgiArbiter.Output, StringComparison.Ordinal);
        Assert.NotNull(arbiters.Item1);
    }
}
