using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Simulation;

namespace Legion.Actors.Tests.Simulation;

public sealed class DeterministicDispatcherTests
{
    [Fact]
    public void The_same_seed_gives_the_same_interleaving_of_a_many_actor_ping_pong()
    {
        var first = PingPongTrace(seed: 42);
        var second = PingPongTrace(seed: 42);

        Assert.Equal(100, first.Count); // ten pairs, ten hits each
        Assert.Equal(first, second);
    }

    [Fact]
    public void Different_seeds_can_give_different_interleavings()
    {
        var traces = Enumerable.Range(1, 5).Select(seed => string.Join(" ", PingPongTrace(seed))).ToHashSet();

        Assert.True(traces.Count > 1, "five seeds all produced the same interleaving");
    }

    [Fact]
    public void Nothing_runs_until_the_dispatcher_is_driven()
    {
        var dispatcher = new DeterministicDispatcher();
        var system = LegionActorSystem.Create("sim", new LegionRuntimeSetup { Runner = dispatcher.CreateRunner(), Clock = new VirtualTimeProvider() }, DeterministicDispatcher.Config);
        using var systemEnded = dispatcher.Ending(system);
        var trace = new List<string>();
        var actor = system.ActorOfStarted(LegionProps.Create(() => new Recorder(trace)), "a");

        actor.Tell("one");
        actor.Tell("two");

        Assert.Equal(1, system.Dispatchers.Lookup(LegionDispatcher.Id).Throughput);
        Assert.Empty(trace);
        Assert.False(dispatcher.IsIdle);
        Assert.True(dispatcher.RunOne()); // one mailbox turn: the actor's creation, then what Akka's mailbox takes in that turn
        Assert.NotEmpty(trace);
        dispatcher.RunUntilIdle();
        Assert.Equal(["a:one", "a:two"], trace);
        Assert.True(dispatcher.IsIdle);
        Assert.False(dispatcher.RunOne());
    }

    [Fact]
    public void RunUntilIdle_stops_at_maxSteps_for_actors_that_never_go_quiet()
    {
        var dispatcher = new DeterministicDispatcher();
        var system = LegionActorSystem.Create("sim", new LegionRuntimeSetup { Runner = dispatcher.CreateRunner(), Clock = new VirtualTimeProvider() }, DeterministicDispatcher.Config);
        using var systemEnded = dispatcher.Ending(system);
        var looper = system.ActorOfStarted(LegionProps.Create(() => new Looper()));
        looper.Tell("go");

        Assert.Equal(100, dispatcher.RunUntilIdle(maxSteps: 100));
        Assert.False(dispatcher.IsIdle);
    }

    [Fact]
    public void AdvanceAndRun_fires_timers_one_at_a_time_and_runs_the_actors_in_between()
    {
        var clock = new VirtualTimeProvider();
        var dispatcher = new DeterministicDispatcher();
        var system = LegionActorSystem.Create("sim", new LegionRuntimeSetup { Runner = dispatcher.CreateRunner(), Clock = clock }, DeterministicDispatcher.Config);
        using var systemEnded = dispatcher.Ending(system);
        var trace = new List<string>();
        var actor = system.ActorOfStarted(LegionProps.Create(() => new Recorder(trace, clock)), "a");
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), actor, "first", ActorRefs.NoSender);
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), actor, "second", ActorRefs.NoSender);
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(3), actor, "third", ActorRefs.NoSender);

        dispatcher.AdvanceAndRun(clock, TimeSpan.FromSeconds(10));

        Assert.Equal(["a:first@1", "a:second@1", "a:third@3"], trace);
        Assert.Equal(VirtualTimeProvider.DefaultStart.AddSeconds(10), clock.GetUtcNow());
    }

    [Fact]
    public async Task Two_actor_systems_can_share_one_dispatcher_and_one_virtual_clock()
    {
        var clock = new VirtualTimeProvider();
        var dispatcher = new DeterministicDispatcher(seed: 7);
        var node1 = LegionActorSystem.Create("node-1", new LegionRuntimeSetup { Runner = dispatcher.CreateRunner(), Clock = clock }, DeterministicDispatcher.Config);
        using var node1Ended = dispatcher.Ending(node1);
        var node2 = LegionActorSystem.Create("node-2", new LegionRuntimeSetup { Runner = dispatcher.CreateRunner(), Clock = clock }, DeterministicDispatcher.Config);
        using var node2Ended = dispatcher.Ending(node2);
        var trace = new List<string>();
        var receiver = node2.ActorOfStarted(LegionProps.Create(() => new Recorder(trace, clock)), "rx");
        node1.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), receiver, "hello", ActorRefs.NoSender);

        dispatcher.AdvanceAndRun(clock, TimeSpan.FromSeconds(3));
        var stopped = node1.Terminate();
        await stopped.WaitAsync(TimeSpan.FromSeconds(10)); // Akka terminates on the thread pool; its scheduler's items go with it
        dispatcher.AdvanceAndRun(clock, TimeSpan.FromSeconds(3));

        Assert.Equal(["rx:hello@1", "rx:hello@2", "rx:hello@3"], trace);
        Assert.False(node2.WhenTerminated.IsCompleted);
        Assert.Equal("akka://node-2/user/rx", receiver.Path.ToString());
    }

    [Fact]
    public void A_system_can_run_on_a_clock_that_wraps_the_shared_virtual_clock_with_an_offset()
    {
        var clock = new VirtualTimeProvider();
        var dispatcher = new DeterministicDispatcher();
        var skewed = new OffsetClock(clock, TimeSpan.FromMinutes(5));
        var system = LegionActorSystem.Create("skewed", new LegionRuntimeSetup { Runner = dispatcher.CreateRunner(), Clock = skewed }, DeterministicDispatcher.Config);
        using var systemEnded = dispatcher.Ending(system);
        var trace = new List<string>();
        var actor = system.ActorOfStarted(LegionProps.Create(() => new Recorder(trace, skewed)), "a");
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), actor, "tick", ActorRefs.NoSender);

        actor.Tell("told");
        dispatcher.AdvanceAndRun(clock, TimeSpan.FromSeconds(5));

        Assert.Equal(["a:told@300", "a:tick@302"], trace);
    }

    [Fact]
    public void Messages_told_from_thread_pool_threads_wait_safely_for_the_next_run()
    {
        var dispatcher = new DeterministicDispatcher();
        var system = LegionActorSystem.Create("sim", new LegionRuntimeSetup { Runner = dispatcher.CreateRunner(), Clock = new VirtualTimeProvider() }, DeterministicDispatcher.Config);
        using var systemEnded = dispatcher.Ending(system);
        var trace = new List<string>();
        var actor = system.ActorOfStarted(LegionProps.Create(() => new Recorder(trace)), "a");

        Parallel.For(0, 2000, i => actor.Tell(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        dispatcher.RunUntilIdle();

        Assert.Equal(2000, trace.Distinct().Count());
    }

    private static List<string> PingPongTrace(int seed)
    {
        var clock = new VirtualTimeProvider();
        var dispatcher = new DeterministicDispatcher(seed);
        var system = LegionActorSystem.Create("sim", new LegionRuntimeSetup { Runner = dispatcher.CreateRunner(), Clock = clock }, DeterministicDispatcher.Config);
        using var systemEnded = dispatcher.Ending(system);
        var trace = new List<string>();
        for (var pair = 0; pair < 10; pair++)
        {
            var pong = system.ActorOfStarted(LegionProps.Create(() => new Player(trace)), $"pong{pair}");
            var ping = system.ActorOfStarted(LegionProps.Create(() => new Player(trace)), $"ping{pair}");
            pong.Tell(10, ping);
        }

        dispatcher.RunUntilIdle();
        return trace;
    }

    /// <summary>Sends the ball back with one bounce less, recording each hit.</summary>
    private sealed class Player : ReceiveActor
    {
        public Player(List<string> trace) => Receive<int>(bounces =>
        {
            trace.Add($"{Self.Path.Name}:{bounces}");
            if (bounces > 1)
            {
                Sender.Tell(bounces - 1, Self);
            }
        });
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(List<string> trace, TimeProvider? clock = null) => Receive<string>(s =>
        {
            var at = clock is null ? string.Empty : $"@{(clock.GetUtcNow() - VirtualTimeProvider.DefaultStart).TotalSeconds}";
            trace.Add($"{Self.Path.Name}:{s}{at}");
        });
    }

    private sealed class Looper : ReceiveActor
    {
        public Looper() => ReceiveAny(m => Self.Tell(m));
    }

    /// <summary>A node's skewed clock, as the simulation builds them: reads are offset, timers live on the shared clock.</summary>
    private sealed class OffsetClock(VirtualTimeProvider inner, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }
}
