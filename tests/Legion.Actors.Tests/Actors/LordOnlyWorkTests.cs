using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Tests.Actors;

/// <summary>
/// Death on lord error, Lord-only cron, signals and scrolls through the whole actor tree of a legion, nodes on an
/// in-memory network, in virtual time (which starts at 2000-01-01T00:00:00Z, in UTC).
/// </summary>
public sealed class LordOnlyWorkTests : LegionActorTestKit
{
    private static readonly TimeSpan Freq = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(3);
    private readonly IActorRef _network;
    private readonly List<NodeAddress> _addresses = [];

    public LordOnlyWorkTests()
        : this(new ListLoggerFactory())
    {
    }

    private LordOnlyWorkTests(ListLoggerFactory logs)
        : base(loggerFactory: logs)
    {
        Logs = logs;
        _network = Sys.ActorOfStarted(InMemoryNetwork.Props(), "network");
    }

    private ListLoggerFactory Logs { get; }

    private LegionSettings Settings(string name, ushort valor, int uuid, IReadOnlyList<LegionActionSpec>? actions = null,
        IReadOnlyList<LegionCronJob>? crons = null, LegionActionRegistry? registry = null, string? scroll = null) =>
        Settings(name, valor, uuid, actions, crons, registry, scroll, out _);

    private LegionSettings Settings(string name, ushort valor, int uuid, IReadOnlyList<LegionActionSpec>? actions,
        IReadOnlyList<LegionCronJob>? crons, LegionActionRegistry? registry, string? scroll, out NodeAddress address)
    {
        address = NodeAddress.Udp("10.0.0." + (_addresses.Count + 1), 4242);
        _addresses.Add(address);
        return new LegionSettings
        {
            Definition = new LegionDefinition
            {
                Name = "web",
                Address = address,
                Valor = valor,
                Cipher = "aes-128-cbc",
                Secret = "s3cret",
                Actions = actions ?? [],
                Crons = crons ?? [],
            },
            Self = new NodeIdentity(name, 100 + _addresses.Count, valor, Model.ModelFixtures.Uuid(uuid)),
            Cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null),
            Frequency = Freq,
            Tolerance = Tolerance,
            Actions = registry ?? LegionActionRegistry.CreateDefault(),
            Scroll = scroll is null ? null : System.Text.Encoding.UTF8.GetBytes(scroll),
        };
    }

    private IActorRef[] Start(params LegionSettings[] nodes) =>
        nodes.Select(n =>
        {
            var wired = n with { Definition = n.Definition with { Nodes = _addresses.Where(a => a != n.Definition.Address).ToList() } };
            return Sys.ActorOfStarted(LegionSupervisor.Props(wired, InMemoryTransport.On(_network)), n.Self.Name);
        }).ToArray();

    private LegionStatus Status(IActorRef node) => Await(node.Ask<LegionStatus>(GetLegionStatus.Instance));

    private T Await<T>(Task<T> task)
    {
        for (int i = 0; i < 500 && !task.IsCompleted; i++)
        {
            RunUntilIdle();
            task.Wait(TimeSpan.FromMilliseconds(10));
        }
        return task.IsCompleted ? task.Result : throw new TimeoutException("the actor did not reply");
    }

    private static LegionActionSpec Lord(string action) => new(LegionEvent.Lord, action[..action.IndexOf(':')], action[(action.IndexOf(':') + 1)..]);

    [Fact]
    public void A_failing_lord_action_with_death_on_lord_error_announces_death_suspends_the_node_and_lets_it_rejoin_afterwards()
    {
        var registry = LegionActionRegistry.CreateDefault().Register(new FailingAction());
        var a = Settings("a", 90, 1, actions: [Lord("fail:")], registry: registry) with { DeathOnLordError = TimeSpan.FromSeconds(10) };
        var b = Settings("b", 10, 2);
        Sys.EventStream.Subscribe(TestActor, typeof(LegionEventFired));
        Sys.EventStream.Subscribe(TestActor, typeof(InMemoryTransport.Sent));
        var nodes = Start(a, b);

        FishForMessage<LegionEventFired>(e => e.Self.Name == "a" && e.Event == LegionEvent.Lord, TimeSpan.FromSeconds(10));
        var death = FishForMessage<InMemoryTransport.Sent>(s => s.Uuid == a.Self.Uuid && s.Announce.Dead, TimeSpan.FromSeconds(1));
        var suspendedAt = Now;
        Assert.Equal(0, death.Announce.Lord);

        // b drops a at once (no node-left, as uWSGI) and rules, while a stays silent for the whole suspension.
        var seen = ReceiveWhile(TimeSpan.FromSeconds(9)).ToList();
        Assert.DoesNotContain(seen.OfType<InMemoryTransport.Sent>(), s => s.Uuid == a.Self.Uuid);
        Assert.Contains(seen.OfType<LegionEventFired>(), e => e.Self.Name == "b" && e.Event == LegionEvent.Lord);
        Assert.DoesNotContain(seen.OfType<LegionEventFired>(), e => e.Self.Name == "a" && e.Event == LegionEvent.Unlord);
        Assert.DoesNotContain(seen.OfType<LegionEventFired>(), e => e.Self.Name == "b" && e.Event == LegionEvent.NodeLeft);
        var statusA = Status(nodes[0]);
        Assert.False(statusA.Election.IsLord);
        Assert.True(statusA.Election.IsSuspendedAt(Now));

        // After the suspension a announces again (without the dead key: uWSGI would keep it), b admits it anew, and a
        // takes over again as the higher valor; its lord action fails again, so the cycle repeats.
        var back = FishForMessage<InMemoryTransport.Sent>(s => s.Uuid == a.Self.Uuid, TimeSpan.FromSeconds(3));
        Assert.False(back.Announce.Dead);
        Assert.InRange(Now - suspendedAt, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));
        FishForMessage<LegionEventFired>(e => e.Self.Name == "b" && e.Event == LegionEvent.NodeJoined, TimeSpan.FromSeconds(2));
        FishForMessage<LegionEventFired>(e => e.Self.Name == "a" && e.Event == LegionEvent.Lord, TimeSpan.FromSeconds(5));
        FishForMessage<InMemoryTransport.Sent>(s => s.Uuid == a.Self.Uuid && s.Announce.Dead, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Without_death_on_lord_error_a_failing_lord_action_only_logs_and_the_node_stays_Lord()
    {
        var registry = LegionActionRegistry.CreateDefault().Register(new FailingAction());
        var a = Settings("a", 90, 1, actions: [Lord("fail:"), Lord("log:after")], registry: registry);
        Sys.EventStream.Subscribe(TestActor, typeof(LegionActionCompleted));
        var nodes = Start(a);

        Assert.False(FishForMessage<LegionActionCompleted>(c => c.Action == "fail:", TimeSpan.FromSeconds(5)).Result.Succeeded);
        Assert.True(FishForMessage<LegionActionCompleted>(c => c.Action == "log:after", TimeSpan.Zero).Result.Succeeded);
        Advance(TimeSpan.FromSeconds(5));
        Assert.True(Status(nodes[0]).Election.IsLord);
        Assert.True(Status(nodes[0]).LordWork);
    }

    [Fact]
    public void With_death_on_lord_error_the_lord_actions_after_a_failed_one_do_not_run_as_uwsgi_stops_there()
    {
        var registry = LegionActionRegistry.CreateDefault().Register(new FailingAction());
        var a = Settings("a", 90, 1, actions: [Lord("log:before"), Lord("fail:"), Lord("log:after")], registry: registry) with { DeathOnLordError = TimeSpan.FromSeconds(30) };
        Sys.EventStream.Subscribe(TestActor, typeof(LegionActionCompleted));
        var nodes = Start(a);

        var ran = ReceiveWhile(TimeSpan.FromSeconds(10)).OfType<LegionActionCompleted>().Select(c => c.Action).ToList();

        Assert.Equal(["log:before", "fail:"], ran);
        Assert.False(Status(nodes[0]).LordWork);
        Assert.Contains(Logs.Entries, e => e.Message.Contains("Skipping the remaining 1 lord action(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Lord_only_cron_tasks_wait_for_the_lord_actions_then_run_every_matching_minute()
    {
        var gate = new GateAction();
        var registry = LegionActionRegistry.CreateDefault().Register(gate).Register(new RecordingCommand());
        var a = Settings("a", 90, 1, actions: [Lord("gate:")], registry: registry,
            crons: [new LegionCronJob(new CronSchedule(-2, -1, -1, -1, -1), "every-other-minute")]) with { ActionTimeout = TimeSpan.FromHours(1) };
        Sys.EventStream.Subscribe(TestActor, typeof(LegionCronStarted));
        var nodes = Start(a);

        // Lord after two seconds, but the lord action holds the cron back over several due minutes.
        ExpectNoMsg(TimeSpan.FromMinutes(5));
        Assert.True(Status(nodes[0]).Election.IsLord);
        gate.Open();
        SettleUntil(() => Status(nodes[0]).LordWork);
        Assert.Equal(5, Now.Minute);
        var first = ExpectMsg<LegionCronStarted>(TimeSpan.FromMinutes(2));
        Assert.Equal("every-other-minute", first.Job.Command);
        Assert.Equal(0, first.At.Minute % 2);
        Assert.Equal(0, first.At.Second);

        var later = ReceiveWhile(TimeSpan.FromMinutes(10)).OfType<LegionCronStarted>().ToList();
        Assert.Equal(5, later.Count);
        Assert.All(later, s => Assert.Equal(0, s.At.Minute % 2));
    }

    [Fact]
    public void A_cron_task_runs_only_on_the_Lord()
    {
        var registry = LegionActionRegistry.CreateDefault().Register(new RecordingCommand());
        var job = new LegionCronJob(CronSchedule.EveryMinute, "tick");
        Sys.EventStream.Subscribe(TestActor, typeof(LegionCronStarted));
        var nodes = Start(Settings("high", 90, 1, crons: [job], registry: registry), Settings("low", 10, 2, crons: [job], registry: registry));

        var started = ReceiveWhile(TimeSpan.FromMinutes(5)).OfType<LegionCronStarted>().ToList();

        // Lord at 00:00:02 runs the task of minute 0 at once (uWSGI checks every second), then at 1, 2, 3, 4 and maybe 5.
        Assert.InRange(started.Count, 5, 6);
        Assert.DoesNotContain(Status(nodes[1]).Crons, c => c.Runs > 0);
        Assert.Equal(started.Count, Status(nodes[0]).Crons.Single().Runs);
    }

    [Fact]
    public void A_unique_cron_task_never_overlaps_its_previous_run()
    {
        var slow = new GateAction("cmd");
        var registry = LegionActionRegistry.CreateDefault().Register(slow);
        Sys.EventStream.Subscribe(TestActor, typeof(LegionCronStarted));
        var nodes = Start(Settings("a", 90, 1, registry: registry,
            crons: [new LegionCronJob(CronSchedule.EveryMinute, "slow", Unique: true), new LegionCronJob(CronSchedule.EveryMinute, "plain")]));

        var started = ReceiveWhile(TimeSpan.FromMinutes(4)).OfType<LegionCronStarted>().ToList();

        Assert.Equal(1, started.Count(s => s.Job.Command == "slow"));
        Assert.InRange(started.Count(s => s.Job.Command == "plain"), 4, 5);
        var crons = Status(nodes[0]).Crons;
        Assert.Equal((1, 1L), (crons[0].Running, crons[0].Runs));

        // Once it ends, the next run starts within the same minute, as uWSGI re-checks every second.
        var minute = Now.Minute;
        slow.Open();
        SettleUntil(() => Status(nodes[0]).Crons[0].Runs == 2);
        Assert.Equal(minute, Now.Minute);
        Assert.Equal("slow", ExpectMsg<LegionCronStarted>(TimeSpan.Zero).Job.Command);
    }

    [Fact]
    public void A_signal_raised_by_a_lord_action_reaches_the_application_and_runs_the_configured_handler()
    {
        var a = Settings("a", 90, 1, actions: [Lord("signal:17")]) with
        {
            SignalHandlers = [new LegionSignalHandlerSpec(17, "log", "reloading after signal 17")],
        };
        var received = new List<LegionSignal>();
        using var subscription = a.Signals.Subscribe(17, received.Add);
        Sys.EventStream.Subscribe(TestActor, typeof(LegionActionCompleted));
        Start(a);

        Assert.Equal("signal:17", FishForMessage<LegionActionCompleted>(_ => true, TimeSpan.FromSeconds(5)).Action);
        var handler = ExpectMsg<LegionActionCompleted>(TimeSpan.FromSeconds(1));

        Assert.Equal(("log:reloading after signal 17", true, LegionEvent.Lord), (handler.Action, handler.Result.Succeeded, handler.Event));
        Assert.Equal(17, Assert.Single(received).Number);
        Assert.Equal(LegionEvent.Lord, received[0].Event);
    }

    [Fact]
    public void A_Lord_that_steps_down_logs_the_new_Lords_scroll_as_uwsgi()
    {
        var low = Settings("low", 10, 1);
        var high = Settings("high", 90, 2, scroll: "takeover at 03:00 by ops");
        Start(low);
        FishForLord("low");
        Start(high);

        AwaitCondition(() => Logs.Entries.Any(e => e.Message.Contains("The New Lord Scroll", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

        var lines = Logs.Entries.Select(e => e.Message).ToList();
        Assert.Contains(lines, l => l.StartsWith("A new Lord (valor: 90 uuid: " + Model.ModelFixtures.Uuid(2) + ") raised for legion web", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("*********** The New Lord Scroll ***********\ntakeover at 03:00 by ops\n*********** End of the New Lord Scroll ***********", StringComparison.Ordinal));
    }

    [Fact]
    public void The_status_holds_the_scroll_list_and_the_Lord_scroll()
    {
        var nodes = Start(Settings("a", 10, 1, scroll: "mine"), Settings("b", 90, 2, scroll: "the lord's"));
        FishForLord("b");
        Advance(TimeSpan.FromSeconds(2));

        var status = Status(nodes[0]);

        Assert.Equal("the lord's"u8.ToArray(), status.Election.LordScroll!.Value.ToArray());
        Assert.Equal(["mine", "the lord's"], status.ScrollList!.Entries.Select(e => System.Text.Encoding.UTF8.GetString(e.Scroll.Span)));
        Assert.Equal(status.Membership.Members[0].Key, status.ScrollList.Entries[1].Member);
    }

    /// <summary>Lets work finish on the thread pool (a gate opened by the test) without moving virtual time.</summary>
    private void SettleUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            RunUntilIdle();
            Thread.Sleep(10);
        }
        Assert.True(condition(), "the work did not settle");
    }

    private void FishForLord(string node)
    {
        Sys.EventStream.Subscribe(TestActor, typeof(LegionEventFired));
        FishForMessage<LegionEventFired>(e => e.Self.Name == node && e.Event == LegionEvent.Lord, TimeSpan.FromSeconds(10));
        Sys.EventStream.Unsubscribe(TestActor, typeof(LegionEventFired));
    }

    private void AwaitCondition(Func<bool> condition, TimeSpan within)
    {
        var deadline = Now + within;
        while (!condition() && Now < deadline)
        {
            Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.True(condition(), "the condition never held");
    }

    /// <summary>An action kind that always fails.</summary>
    private sealed class FailingAction : ILegionAction
    {
        public string Kind => "fail";

        public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(LegionActionResult.Failure("exit code 1", 1));
    }

    /// <summary>Stands in for <c>cmd</c> so cron runs take no real process.</summary>
    private sealed class RecordingCommand : ILegionAction
    {
        public string Kind => "cmd";

        public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(LegionActionResult.Success);
    }

    /// <summary>An action that runs until the test opens it (every run waits for the same gate).</summary>
    private sealed class GateAction(string kind = "gate") : ILegionAction
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => kind;

        public void Open() => _open.TrySetResult();

        public async Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken)
        {
            await _open.Task.WaitAsync(cancellationToken);
            return LegionActionResult.Success;
        }
    }
}
