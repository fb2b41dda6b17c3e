using System.Collections.Concurrent;
using System.Net;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;

namespace Legion.Actors.Tests.Actors;

/// <summary>Three legions in one process, each its own supervisor, on real loopback sockets: a fault in one never touches the others.</summary>
[Trait("Category", "Process")]
public sealed class ManyLegionsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly string[] Names = ["alpha", "beta", "gamma"];

    private static LegionOptions Options(IReadOnlyDictionary<string, IPEndPoint> own, IReadOnlyDictionary<string, IPEndPoint> peer, ushort valor,
        IReadOnlyList<LegionActionSpec>? gammaActions = null) => new()
    {
        Frequency = TimeSpan.FromMilliseconds(300),
        Tolerance = TimeSpan.FromSeconds(3),
        Legions = Names.Select(name => new LegionDefinition
        {
            Name = name,
            Address = NodeAddress.Udp("127.0.0.1", own[name].Port),
            Valor = valor,
            Cipher = "aes-128-cbc",
            Secret = "s3cret",
            Nodes = [NodeAddress.Udp("127.0.0.1", peer[name].Port)],
            Actions = name == "gamma" ? gammaActions ?? [] : [],
        }).ToArray(),
    };

    [Fact]
    public async Task Breaking_one_legions_socket_and_throwing_in_anothers_action_leaves_every_legion_running()
    {
        var ports1 = Names.ToDictionary(n => n, _ => LoopbackPorts.FreeUdp());
        var ports2 = Names.ToDictionary(n => n, _ => LoopbackPorts.FreeUdp());
        var logs = new ListLoggerFactory();
        var completed = new ConcurrentQueue<LegionActionCompleted>();
        await using var lord = await LegionNode.StartAsync(
            Options(ports1, ports2, 90, [new LegionActionSpec(LegionEvent.Lord, "throw", ""), new LegionActionSpec(LegionEvent.Lord, "log", "still here")]),
            new LegionNodeOptions { LoggerFactory = logs, Actions = LegionActionRegistry.CreateDefault().Register(new ThrowingAction()) });
        using var actions = lord.SubscribeActions(completed.Enqueue);
        await using var follower = await LegionNode.StartAsync(Options(ports2, ports1, 10));
        var left = new ConcurrentQueue<LegionEventFired>();
        using var events = follower.Subscribe(e => { if (e.Event == LegionEvent.NodeLeft) left.Enqueue(e); });
        string lordUuid(string legion) => lord.Identity(legion).Uuid;

        await Eventually.Until("the follower counts the Lord in every legion", async _ => await follower.GetStatusAsync(),
            all => all.All(s => s.Election.Votes == 2 && s.Election.Candidate.Uuid == lordUuid(s.Legion)), Deadline, () => "");

        SocketSabotage.BreakUdpSocket(ports1["beta"].Port);

        // The broken transport notices at its next send, restarts and binds afresh, well within the tolerance.
        await Eventually.Until("beta's transport restarted", _ => Task.FromResult(logs.Entries.Count(e => e.Message.Contains("The socket of legion beta broke", StringComparison.Ordinal))),
            n => n > 0, Deadline, () => string.Join("\n", logs.Entries.Select(e => e.Message)));
        var before = (await lord.GetStatusAsync("beta")).Transport!.Sent;
        var recovered = await Eventually.Until("beta sends again from its new socket", _ => lord.GetStatusAsync("beta"),
            s => s.Transport!.Sent >= before + 3, Deadline, () => "");
        var followerView = await follower.GetStatusAsync();

        Assert.True(recovered.Election.IsLord);
        Assert.All(followerView, s => Assert.Equal((2, lordUuid(s.Legion)), (s.Election.Votes, s.Election.Candidate.Uuid)));
        Assert.Empty(left);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("The socket of legion alpha", StringComparison.Ordinal) || e.Message.Contains("The socket of legion gamma", StringComparison.Ordinal));
        Assert.All(await lord.GetStatusAsync(), s => Assert.True(s.Election.IsLord, s.Legion));

        // gamma's throwing lord action was a failure of that action alone: the next one ran and gamma rules.
        var thrown = Assert.Single(completed, c => c.Action == "throw:");
        Assert.Equal((LegionEvent.Lord, false), (thrown.Event, thrown.Result.Succeeded));
        Assert.Contains("InvalidOperationException: the action blew up", thrown.Result.Error, StringComparison.Ordinal);
        Assert.Contains(completed, c => c.Action == "log:still here" && c.Result.Succeeded);
    }

    /// <summary>An action that throws before returning a task.</summary>
    private sealed class ThrowingAction : ILegionAction
    {
        public string Kind => "throw";

        public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the action blew up");
    }
}
