using System.Collections.Concurrent;
using System.Net;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>The shared-storage witness on a real directory, with nodes that cannot hear each other over UDP.</summary>
[Trait("Category", "Process")]
public sealed class WitnessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly DirectoryInfo _shared = Directory.CreateTempSubdirectory("legion-witness-");

    public void Dispose() => _shared.Delete(recursive: true);

    private async Task<(LegionNode Node, ConcurrentQueue<LegionEventFired> Events)> Start(string name, bool witness)
    {
        var self = LoopbackPorts.FreeUdp();
        var nowhere = LoopbackPorts.FreeUdp();   // announces go to a port nobody reads: no UDP contact
        var events = new ConcurrentQueue<LegionEventFired>();
        var options = new LegionOptions
        {
            Frequency = TimeSpan.FromMilliseconds(200),
            Tolerance = TimeSpan.FromSeconds(1),
            Legions =
            [
                new LegionDefinition
                {
                    Name = "web", Address = NodeAddress.Udp("127.0.0.1", self.Port), Valor = 50, Cipher = "aes-256-gcm", Secret = "s",
                    Nodes = [NodeAddress.Udp("127.0.0.1", nowhere.Port)], WitnessDirectory = witness ? _shared.FullName : null,
                },
            ],
        };
        var node = await LegionNode.StartAsync(options, new LegionNodeOptions
        {
            LoggerFactory = new XunitLoggerFactory(output, name + " "),
            OnEvent = events.Enqueue,
        });
        return (node, events);
    }

    private static async Task<bool> IsLord(LegionNode node) => (await node.GetStatusAsync("web")).Election.IsLord;

    [Fact]
    public async Task Without_a_witness_two_nodes_that_cannot_hear_each_other_both_rule()
    {
        var (a, _) = await Start("a", witness: false);
        var (b, _) = await Start("b", witness: false);
        await using var _a = a;
        await using var _b = b;

        await Eventually.Until("both rule: split brain", async _ => await IsLord(a) && await IsLord(b), ok => ok, Deadline, () => "");
    }

    [Fact]
    public async Task With_a_witness_neither_isolated_node_claims_lordship_while_the_other_is_alive()
    {
        var (a, eventsA) = await Start("a", witness: true);
        var (b, eventsB) = await Start("b", witness: true);
        await using var _a = a;
        await using var _b = b;

        // Give each several periods to see the other's record, then watch a settled second.
        await Eventually.Until("neither rules", async _ => !await IsLord(a) && !await IsLord(b), ok => ok, Deadline, () => "");
        var settled = eventsA.Count + eventsB.Count;
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(await IsLord(a));
        Assert.False(await IsLord(b));
        Assert.DoesNotContain(eventsA.Concat(eventsB).Skip(settled), e => e.Event == LegionEvent.Lord);
        Assert.Equal(2, _shared.GetFiles("web.*.witness").Length);

        // Once one of them is gone (its record deleted at stop), the other may rule again.
        await b.StopAsync();
        await Eventually.Until("the survivor rules", _ => IsLord(a), ok => ok, Deadline, () => "");
    }

    [Fact]
    public async Task An_isolated_Lord_that_loses_its_witness_steps_down_with_forced_exit_and_rules_again_when_it_returns()
    {
        var (a, events) = await Start("a", witness: true);
        await using var _a = a;
        await Eventually.Until("the lone node rules", _ => IsLord(a), ok => ok, Deadline, () => "");

        string moved = _shared.FullName + ".away";
        Directory.Move(_shared.FullName, moved);
        try
        {
            await Eventually.Until("it steps down", async _ => !await IsLord(a), ok => ok, Deadline, () => "");
            Assert.Contains(events, e => e.Event == LegionEvent.ForcedExit);
            Assert.Contains(events, e => e.Event == LegionEvent.Unlord);
        }
        finally
        {
            Directory.Move(moved, _shared.FullName);
        }
        await Eventually.Until("it rules again", _ => IsLord(a), ok => ok, Deadline, () => "");
        Assert.Single(events, e => e.Event == LegionEvent.ForcedExit);
    }
}
