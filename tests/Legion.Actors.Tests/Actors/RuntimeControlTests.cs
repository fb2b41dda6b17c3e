using System.Text;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Actors;

/// <summary>Valor changes, step-down and scroll replacement on a legion of several nodes, in virtual time.</summary>
public sealed class RuntimeControlTests : LegionActorTestKit
{
    private static readonly TimeSpan Freq = TimeSpan.FromSeconds(1);
    private readonly IActorRef _network;
    private readonly List<NodeAddress> _addresses = [];

    public RuntimeControlTests(Xunit.Abstractions.ITestOutputHelper output)
        : base(loggerFactory: new XunitLoggerFactory(output))
    {
        _network = Sys.ActorOfStarted(InMemoryNetwork.Props(), "network");
        Sys.EventStream.Subscribe(TestActor, typeof(LegionEventFired));
    }

    private LegionSettings Settings(string name, ushort valor, int uuid, IReadOnlyList<LegionActionSpec>? actions = null, LegionActionRegistry? registry = null, string? scroll = null)
    {
        var address = NodeAddress.Udp("10.0.0." + (_addresses.Count + 1), 4242);
        _addresses.Add(address);
        return new LegionSettings
        {
            Definition = new LegionDefinition
            {
                Name = "web", Address = address, Valor = valor, Cipher = "aes-128-cbc", Secret = "s3cret", Actions = actions ?? [],
            },
            Self = new NodeIdentity(name, 100 + _addresses.Count, valor, Model.ModelFixtures.Uuid(uuid)),
            Cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null),
            Frequency = Freq,
            Tolerance = TimeSpan.FromSeconds(3),
            Actions = registry ?? LegionActionRegistry.CreateDefault(),
            Scroll = scroll is null ? null : Encoding.UTF8.GetBytes(scroll),
        };
    }

    private IActorRef[] Start(params LegionSettings[] nodes) =>
        nodes.Select(n =>
        {
            var wired = n with { Definition = n.Definition with { Nodes = _addresses.Where(a => a != n.Definition.Address).ToList() } };
            return Sys.ActorOfStarted(LegionSupervisor.Props(wired, InMemoryTransport.On(_network)), n.Self.Name);
        }).ToArray();

    private LegionEventFired ExpectEvent(string node, LegionEvent legionEvent, TimeSpan? within = null) =>
        FishForMessage<LegionEventFired>(e => e.Self.Name == node && e.Event == legionEvent, within ?? TimeSpan.FromSeconds(10));

    private LegionStatus Status(IActorRef node) => Await(node.Ask<LegionStatus>(GetLegionStatus.Instance));

    private ControlOutcome Control(IActorRef node, object request) => Await(node.Ask<ControlOutcome>(request));

    /// <summary>Two nodes, a (valor 90) Lord over b (valor 50), settled.</summary>
    private IActorRef[] SettledPair(IReadOnlyList<LegionActionSpec>? lordActions = null, LegionActionRegistry? registry = null)
    {
        var nodes = Start(Settings("a", 90, 1, lordActions, registry), Settings("b", 50, 2));
        ExpectEvent("a", LegionEvent.Lord);
        Advance(TimeSpan.FromSeconds(3));
        ReceiveWhile(TimeSpan.Zero);
        return nodes;
    }

    [Fact]
    public void Raising_the_Lords_valor_keeps_it_Lord_and_its_peer_never_claims_lordship_nor_keeps_a_ghost()
    {
        var nodes = SettledPair();

        var outcome = Control(nodes[0], new ChangeValor(ValorRequest.Increase(5)));
        Advance(TimeSpan.FromSeconds(5));

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Equal(95UL, outcome.Self.Valor);
        var events = ReceiveWhile(TimeSpan.Zero).OfType<LegionEventFired>().ToList();
        Assert.DoesNotContain(events, e => e.Event is LegionEvent.Lord or LegionEvent.Unlord);
        var b = Status(nodes[1]);
        var member = Assert.Single(b.Membership.Members);
        Assert.Equal(95UL, member.Valor);
        Assert.Equal(new Vote(95, member.Uuid), b.Election.Candidate);
        Assert.Equal(2, b.Election.Votes);
        Assert.True(Status(nodes[0]).Election.IsLord);
    }

    [Fact]
    public void Lowering_the_Lords_valor_below_its_peer_hands_lordship_over_and_leaves_no_ghost()
    {
        var nodes = SettledPair();

        var outcome = Control(nodes[0], new ChangeValor(ValorRequest.Set(10)));

        Assert.True(outcome.Accepted, outcome.Message);
        var unlord = ExpectEvent("a", LegionEvent.Unlord, TimeSpan.Zero);
        Assert.Equal(90UL, unlord.Self.Valor);
        ExpectEvent("b", LegionEvent.Lord, within: TimeSpan.FromSeconds(2));
        Advance(TimeSpan.FromSeconds(5));
        var member = Assert.Single(Status(nodes[1]).Membership.Members);
        Assert.Equal(new MemberKey(10, "a", unlord.Self.Uuid), member.Key);
        Assert.False(Status(nodes[0]).Election.IsLord);
        Assert.DoesNotContain(ReceiveWhile(TimeSpan.Zero).OfType<LegionEventFired>(), e => e.Event == LegionEvent.NodeLeft);
    }

    [Fact]
    public void A_valor_out_of_range_is_refused_and_nothing_changes()
    {
        var nodes = SettledPair();

        var outcome = Control(nodes[0], new ChangeValor(ValorRequest.Decrease(91)));

        Assert.False(outcome.Accepted);
        Assert.Contains("cannot be lowered", outcome.Message);
        Assert.Equal(90UL, Status(nodes[0]).Self.Valor);
    }

    [Fact]
    public void A_stepped_down_Lord_finishes_its_unlord_actions_before_its_successor_fires_lord()
    {
        // xunit's synchronization context would send the action's completion through the thread pool; without it,
        // the completion runs inline in the virtual timer's callback and the whole run stays deterministic.
        SynchronizationContext.SetSynchronizationContext(null);
        var registry = LegionActionRegistry.CreateDefault().Register(new SlowAction(Clock!));
        var nodes = Start(Settings("a", 90, 1, [new LegionActionSpec(LegionEvent.Unlord, "slow", "4")], registry), Settings("b", 50, 2));
        ExpectEvent("a", LegionEvent.Lord);
        Advance(TimeSpan.FromSeconds(3));
        ReceiveWhile(TimeSpan.Zero);
        Sys.EventStream.Subscribe(TestActor, typeof(LegionActionCompleted));

        var outcome = Control(nodes[0], new StepDown(TimeSpan.FromSeconds(60)));

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Contains("expected to take over", outcome.Message);
        var unlord = ExpectEvent("a", LegionEvent.Unlord, TimeSpan.Zero);
        var done = FishForMessage<LegionActionCompleted>(_ => true, TimeSpan.FromSeconds(10));
        var doneAt = Now;
        var lord = ExpectEvent("b", LegionEvent.Lord, within: TimeSpan.FromSeconds(3));
        Assert.Equal("slow:4", done.Action);
        Assert.Equal(TimeSpan.FromSeconds(4), doneAt - unlord.At);
        Assert.True(lord.At >= doneAt);
        Assert.Equal(0UL, Status(nodes[0]).Self.Valor);
    }

    [Fact]
    public void After_the_step_down_period_the_node_returns_to_its_valor_and_wins_lordship_back()
    {
        var nodes = SettledPair();

        Assert.True(Control(nodes[0], new StepDown(TimeSpan.FromSeconds(20))).Accepted);
        ExpectEvent("b", LegionEvent.Lord, within: TimeSpan.FromSeconds(3));
        ExpectNoMsgOf(LegionEvent.Lord, "a", TimeSpan.FromSeconds(15));

        // The returning node announces an agreeing view, so the interim Lord steps down before it rises: no overlap.
        ExpectEvent("b", LegionEvent.Unlord, within: TimeSpan.FromSeconds(10));
        ExpectEvent("a", LegionEvent.Lord, within: TimeSpan.FromSeconds(3));
        Assert.Equal(90UL, Status(nodes[0]).Self.Valor);
        Assert.Single(Status(nodes[1]).Membership.Members);
    }

    [Fact]
    public void A_valor_set_during_a_step_down_cancels_the_return_to_the_old_valor()
    {
        var nodes = SettledPair();
        Assert.True(Control(nodes[0], new StepDown(TimeSpan.FromSeconds(10))).Accepted);

        Assert.True(Control(nodes[0], new ChangeValor(ValorRequest.Set(20))).Accepted);
        Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(20UL, Status(nodes[0]).Self.Valor);
        Assert.True(Status(nodes[1]).Election.IsLord);
    }

    [Fact]
    public void A_node_that_is_not_Lord_cannot_step_down_and_a_lone_Lord_only_when_forced()
    {
        var nodes = SettledPair();
        var refused = Control(nodes[1], new StepDown(TimeSpan.FromSeconds(10)));
        Assert.False(refused.Accepted);
        Assert.Contains("not the Lord", refused.Message);

        var lone = Start(Settings("c", 10, 3) with { Definition = Settings("c2", 10, 3).Definition with { Name = "solo" } });
        ExpectEvent("c", LegionEvent.Lord);
        Assert.False(Control(lone[0], new StepDown(TimeSpan.FromSeconds(10))).Accepted);
        var forced = Control(lone[0], new StepDown(TimeSpan.FromSeconds(10), Force: true));
        Assert.True(forced.Accepted, forced.Message);
        ExpectEvent("c", LegionEvent.Unlord, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_replaced_scroll_reaches_the_peer_and_becomes_the_Lord_scroll_there()
    {
        var nodes = SettledPair();

        var outcome = Control(nodes[0], new ReplaceScroll(Encoding.UTF8.GetBytes("v2")));
        Advance(TimeSpan.FromSeconds(2));

        Assert.True(outcome.Accepted, outcome.Message);
        var b = Status(nodes[1]);
        Assert.Equal("v2", Encoding.UTF8.GetString(b.Election.LordScroll!.Value.Span));
        Assert.Equal("v2", Encoding.UTF8.GetString(Status(nodes[0]).Scroll!.Value.Span));
        Assert.DoesNotContain(ReceiveWhile(TimeSpan.Zero).OfType<LegionEventFired>(), e => e.Event is LegionEvent.Lord or LegionEvent.Unlord or LegionEvent.NodeJoined);
    }

    [Fact]
    public void Every_change_is_published_with_the_identity_before_and_after()
    {
        var nodes = SettledPair();
        Sys.EventStream.Subscribe(TestActor, typeof(LegionIdentityChanged));

        Control(nodes[0], new ChangeValor(ValorRequest.Set(70)));

        var changed = FishForMessage<LegionIdentityChanged>(_ => true, TimeSpan.Zero);
        Assert.Equal((90UL, 70UL), (changed.Previous.Valor, changed.Current.Valor));
        Assert.Equal(changed.Previous.Uuid, changed.Current.Uuid);
        Assert.Contains("from 90 to 70", changed.Reason);
    }

    private void ExpectNoMsgOf(LegionEvent legionEvent, string node, TimeSpan duration) =>
        Assert.DoesNotContain(ReceiveWhile(duration).OfType<LegionEventFired>(), e => e.Event == legionEvent && e.Self.Name == node);

    private T Await<T>(Task<T> task)
    {
        for (int i = 0; i < 500 && !task.IsCompleted; i++)
        {
            RunUntilIdle();
            task.Wait(TimeSpan.FromMilliseconds(10));
        }
        return task.IsCompleted ? task.Result : throw new TimeoutException("the actor did not reply");
    }

    /// <summary>An action kind that takes ARGUMENT seconds of the (virtual) clock.</summary>
    private sealed class SlowAction(TimeProvider clock) : ILegionAction
    {
        public string Kind => "slow";

        // Completed from the virtual timer's callback, on the test's thread: Task.Delay would finish on the thread pool.
        public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<LegionActionResult>();
            ITimer? timer = null;
            timer = clock.CreateTimer(_ =>
            {
                done.TrySetResult(LegionActionResult.Success);
                timer?.Dispose();
            }, null, TimeSpan.FromSeconds(int.Parse(argument, System.Globalization.CultureInfo.InvariantCulture)), Timeout.InfiniteTimeSpan);
            return done.Task;
        }
    }
}
