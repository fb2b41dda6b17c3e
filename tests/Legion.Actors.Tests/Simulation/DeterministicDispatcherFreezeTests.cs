using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Simulation;

namespace Legion.Actors.Tests.Simulation;

/// <summary>Freezing one system on a shared dispatcher (a paused process in a simulation), and RunUntil.</summary>
public sealed class DeterministicDispatcherFreezeTests
{
    private readonly VirtualTimeProvider _clock = new();
    private readonly DeterministicDispatcher _dispatcher = new(seed: 3);
    private readonly List<string> _trace = [];

    [Fact]
    public void A_frozen_system_processes_nothing_while_another_system_on_the_same_dispatcher_runs_on()
    {
        var (frozen, a) = Node("frozen");
        var (running, b) = Node("running");
        _dispatcher.RunUntilIdle();

        _dispatcher.Freeze(frozen);
        a.Tell("one");
        b.Tell("two");
        _dispatcher.RunUntilIdle();

        Assert.Equal(["running:two"], _trace);
        Assert.True(_dispatcher.IsFrozen(frozen));
        Assert.False(_dispatcher.IsFrozen(running));
        Assert.True(_dispatcher.IsIdle);
    }

    [Fact]
    public void Messages_queued_while_frozen_run_in_order_once_thawed()
    {
        var (system, actor) = Node("n");
        _dispatcher.RunUntilIdle();
        _dispatcher.Freeze(system);
        actor.Tell("1");
        actor.Tell("2");
        actor.Tell("3");
        _dispatcher.RunUntilIdle();

        _dispatcher.Thaw(system);
        _dispatcher.RunUntilIdle();

        Assert.Equal(["n:1", "n:2", "n:3"], _trace);
        Assert.False(_dispatcher.IsFrozen(system));
    }

    [Fact]
    public void Work_already_ready_when_the_system_freezes_waits_too()
    {
        var (system, actor) = Node("n");
        actor.Tell("queued before the freeze");

        _dispatcher.Freeze(system);
        _dispatcher.RunUntilIdle();
        Assert.Empty(_trace);

        _dispatcher.Thaw(system);
        _dispatcher.RunUntilIdle();
        Assert.Equal(["n:queued before the freeze"], _trace);
    }

    [Fact]
    public void Freezing_twice_and_thawing_a_system_that_is_not_frozen_are_harmless()
    {
        var (system, actor) = Node("n");
        _dispatcher.Freeze(system);
        _dispatcher.Freeze(system);
        _dispatcher.Thaw(system);
        _dispatcher.Thaw(system);

        actor.Tell("hello");
        _dispatcher.RunUntilIdle();

        Assert.Equal(["n:hello"], _trace);
    }

    [Fact]
    public void RunUntil_stops_at_the_first_timer_after_which_the_condition_holds()
    {
        var (system, actor) = Node("n");
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), actor, "early", ActorRefs.NoSender);
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(5), actor, "wanted", ActorRefs.NoSender);
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(8), actor, "late", ActorRefs.NoSender);

        var met = _dispatcher.RunUntil(_clock, _clock.GetUtcNow() + TimeSpan.FromSeconds(10), () => _trace.Contains("n:wanted"));

        Assert.True(met);
        Assert.Equal(VirtualTimeProvider.DefaultStart.AddSeconds(5), _clock.GetUtcNow());
        Assert.Equal(["n:early", "n:wanted"], _trace);
    }

    [Fact]
    public void RunUntil_returns_false_with_the_clock_at_the_deadline_when_the_condition_never_holds()
    {
        Node("n");

        var met = _dispatcher.RunUntil(_clock, _clock.GetUtcNow() + TimeSpan.FromSeconds(7), () => false);

        Assert.False(met);
        Assert.Equal(VirtualTimeProvider.DefaultStart.AddSeconds(7), _clock.GetUtcNow());
    }

    private (ActorSystem System, IActorRef Actor) Node(string name)
    {
        var system = LegionActorSystem.Create(name, new LegionRuntimeSetup { Runner = _dispatcher.CreateRunner(), Clock = _clock }, DeterministicDispatcher.Config);
        var actor = system.ActorOfStarted(LegionProps.Create(() => new Recorder(_trace, name)), "recorder");
        return (system, actor);
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(List<string> trace, string node) => Receive<string>(s => trace.Add($"{node}:{s}"));
    }
}
