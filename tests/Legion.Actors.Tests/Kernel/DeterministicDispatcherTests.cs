using Legion.Actors.Kernel;

namespace Legion.Actors.Tests.Kernel;

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
        using var system = ActorSystem.Create("sim", new ActorSystemSettings { Dispatcher = dispatcher, TimeProvider = new VirtualTimeProvider() });
        var trace = new List<string>();
        var actor = system.ActorOf(Props.Create(() => new Recorder(trace)), "a");

        actor.Tell("one");
        actor.Tell("two");

        Assert.Empty(trace);
        Assert.False(dispatcher.IsIdle);
        Assert.True(dispatcher.RunOne()); // the guardian or the actor's creation: one step only
        Assert.Equal(3, dispatcher.RunUntilIdle()); // the other creation and the two messages
        Assert.Equal(["a:one", "a:two"], trace);
        Assert.True(dispatcher.IsIdle);
        Assert.False(dispatcher.RunOne());
    }

    [Fact]
    public void RunUntilIdle_stops_at_maxSteps_for_actors_that_never_go_quiet()
    {
        var dispatcher = new DeterministicDispatcher();
        using var system = ActorSystem.Create("sim", new ActorSystemSettings { Dispatcher = dispatcher, TimeProvider = new VirtualTimeProvider() });
        var looper = system.ActorOf(Props.Create(() => new Looper()));
        looper.Tell("go");

        Assert.Equal(100, dispatcher.RunUntilIdle(maxSteps: 100));
        Assert.False(dispatcher.IsIdle);
    }

    [Fact]
    public void AdvanceAndRun_fires_timers_one_at_a_time_and_runs_the_actors_in_between()
    {
        var clock = new VirtualTimeProvider();
        var dispatcher = new DeterministicDispatcher();
        using var system = ActorSystem.Create("sim", new ActorSystemSettings { Dispatcher = dispatcher, TimeProvider = clock });
        var trace = new List<string>();
        var actor = system.ActorOf(Props.Create(() => new Recorder(trace, clock)), "a");
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), actor, "first");
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), actor, "second");
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(3), actor, "third");

        dispatcher.AdvanceAndRun(clock, TimeSpan.FromSeconds(10));

        Assert.Equal(["a:first@1", "a:second@1", "a:third@3"], trace);
        Assert.Equal(VirtualTimeProvider.DefaultStart.AddSeconds(10), clock.GetUtcNow());
    }

    [Fact]
    public void Two_actor_systems_can_share_one_dispatcher_and_one_virtual_clock()
    {
        var clock = new VirtualTimeProvider();
        var dispatcher = new DeterministicDispatcher(seed: 7);
        var settings = new ActorSystemSettings { Dispatcher = dispatcher, TimeProvider = clock };
        using var node1 = ActorSystem.Create("node-1", settings);
        using var node2 = ActorSystem.Create("node-2", settings);
        var trace = new List<string>();
        var receiver = node2.ActorOf(Props.Create(() => new Recorder(trace, clock)), "rx");
        node1.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), receiver, "hello");

        dispatcher.AdvanceAndRun(clock, TimeSpan.FromSeconds(3));
        var stopped = node1.Terminate();
        dispatcher.AdvanceAndRun(clock, TimeSpan.FromSeconds(3));

        Assert.Equal(["rx:hello@1", "rx:hello@2", "rx:hello@3"], trace);
        Assert.True(stopped.IsCompletedSuccessfully);
        Assert.False(node2.WhenTerminated.IsCompleted);
        Assert.Equal("legion://node-2/user/rx", receiver.Path);
    }

    [Fact]
    public void A_system_can_run_on_a_clock_that_wraps_the_shared_virtual_clock_with_an_offset()
    {
        var clock = new VirtualTimeProvider();
        var dispatcher = new DeterministicDispatcher();
        var skewed = new OffsetClock(clock, TimeSpan.FromMinutes(5));
        using var system = ActorSystem.Create("skewed", new ActorSystemSettings { Dispatcher = dispatcher, TimeProvider = skewed });
        var trace = new List<string>();
        var actor = system.ActorOf(Props.Create(() => new Recorder(trace, skewed)), "a");
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), actor, "tick");

        var reply = actor.Ask<string>("never answered", TimeSpan.FromSeconds(4));
        dispatcher.AdvanceAndRun(clock, TimeSpan.FromSeconds(5));

        Assert.Equal(["a:never answered@300", "a:tick@302"], trace);
        Assert.IsType<AskTimeoutException>(reply.Exception?.InnerException);
    }

    [Fact]
    public void Messages_told_from_thread_pool_threads_wait_safely_for_the_next_run()
    {
        var dispatcher = new DeterministicDispatcher();
        using var system = ActorSystem.Create("sim", new ActorSystemSettings { Dispatcher = dispatcher, TimeProvider = new VirtualTimeProvider() });
        var trace = new List<string>();
        var actor = system.ActorOf(Props.Create(() => new Recorder(trace)), "a");

        Parallel.For(0, 2000, i => actor.Tell(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        dispatcher.RunUntilIdle();

        Assert.Equal(2000, trace.Distinct().Count());
    }

    private static List<string> PingPongTrace(int seed)
    {
        var clock = new VirtualTimeProvider();
        var dispatcher = new DeterministicDispatcher(seed);
        using var system = ActorSystem.Create("sim", new ActorSystemSettings { Dispatcher = dispatcher, TimeProvider = clock });
        var trace = new List<string>();
        for (var pair = 0; pair < 10; pair++)
        {
            var pong = system.ActorOf(Props.Create(() => new Player(trace)), $"pong{pair}");
            var ping = system.ActorOf(Props.Create(() => new Player(trace)), $"ping{pair}");
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
            trace.Add($"{Self.Path.Split('/')[^1]}:{bounces}");
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
            trace.Add($"{Self.Path.Split('/')[^1]}:{s}{at}");
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
