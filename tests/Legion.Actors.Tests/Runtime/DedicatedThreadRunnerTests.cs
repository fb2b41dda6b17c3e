using System.Collections.Concurrent;
using Akka.Actor;
using Legion.Actors.Runtime;

namespace Legion.Actors.Tests.Runtime;

/// <summary>Real threads and real time: only generous deadlines, never timing assertions.</summary>
public sealed class DedicatedThreadRunnerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_actor_runs_on_the_one_named_thread_and_each_senders_order_is_kept()
    {
        using var dispatcher = new DedicatedThreadRunner("test-actors");
        using var system = LegionActorSystem.Create("dedicated", new LegionRuntimeSetup { Runner = dispatcher, Clock = dispatcher.Clock });
        var threads = new ConcurrentDictionary<string, byte>();
        var done = new TaskCompletionSource<List<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = system.ActorOfStarted(LegionProps.Create(() => new Sink(threads, 4 * 2_000, done)));
        var relays = Enumerable.Range(0, 4).Select(i => system.ActorOfStarted(LegionProps.Create(() => new Relay(sink, threads)), $"relay{i}")).ToList();

        Parallel.ForEach(relays, relay =>
        {
            for (var n = 0; n < 2_000; n++)
            {
                relay.Tell(n);
            }
        });
        var received = await done.Task.WaitAsync(Generous);

        Assert.Equal(["test-actors"], threads.Keys);
        Assert.Equal(4 * 2_000, received.Count);
        Assert.All(received.GroupBy(n => n / 10_000), group => Assert.Equal(group.OrderBy(n => n), group));
    }

    [Fact]
    public async Task Scheduled_messages_and_actor_timers_fire_on_the_runner_thread()
    {
        using var dispatcher = new DedicatedThreadRunner("timer-actors");
        using var system = LegionActorSystem.Create("dedicated-timers", new LegionRuntimeSetup { Runner = dispatcher, Clock = dispatcher.Clock });
        var ticks = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOfStarted(LegionProps.Create(() => new Ticker(ticks)));

        var threads = await ticks.Task.WaitAsync(Generous);

        Assert.All(threads, name => Assert.Equal("timer-actors", name));
    }

    [Fact]
    public async Task A_changed_or_disposed_timer_never_fires_on_its_old_schedule()
    {
        using var dispatcher = new DedicatedThreadRunner();
        var fired = new ConcurrentQueue<string>();
        var cancelled = dispatcher.Clock.CreateTimer(_ => fired.Enqueue("cancelled"), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        var moved = dispatcher.Clock.CreateTimer(_ => fired.Enqueue("moved"), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        var periodic = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        using var repeating = dispatcher.Clock.CreateTimer(_ =>
        {
            if (Interlocked.Increment(ref count) == 5)
            {
                periodic.SetResult();
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));

        cancelled.Dispose();
        Assert.True(moved.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        await periodic.Task.WaitAsync(Generous);
        // The periodic timer fired five times, 40 ms or more after the others were due: their old entries were dropped.
        var final = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var last = dispatcher.Clock.CreateTimer(_ => final.SetResult(), null, TimeSpan.FromMilliseconds(30), Timeout.InfiniteTimeSpan);
        await final.Task.WaitAsync(Generous);

        Assert.Empty(fired);
        Assert.False(((ITimer)cancelled).Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task Dispose_ends_the_thread_after_the_work_already_queued()
    {
        var dispatcher = new DedicatedThreadRunner("legion-ending");
        var system = LegionActorSystem.Create("dedicated-end", new LegionRuntimeSetup { Runner = dispatcher, Clock = dispatcher.Clock });
        var stopped = 0;
        system.ActorOfStarted(LegionProps.Create(() => new Stopping(() => Interlocked.Increment(ref stopped))));

        await system.Terminate().WaitAsync(Generous);
        dispatcher.Dispose();

        Assert.Equal(1, stopped);
        Assert.True(ThreadGone("legion-ending"), "the dispatcher thread is still listed 10 s after Dispose");
    }

    [Fact]
    public void The_thread_is_there_until_disposed()
    {
        var dispatcher = new DedicatedThreadRunner("legion-alive");
        Assert.Contains("legion-alive", ThreadNames());
        dispatcher.Dispose();
        Assert.True(ThreadGone("legion-alive"), "the dispatcher thread is still listed 10 s after Dispose");
    }

    // The managed Join returns before the OS thread is reaped from /proc/self/task: wait (up to 10 s) for it to go.
    private static bool ThreadGone(string name)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (ThreadNames().Contains(name))
        {
            if (waited.Elapsed > Generous / 3)
            {
                return false;
            }
            Thread.Sleep(10);
        }
        return true;
    }

    // Linux: the names of this process's live threads (comm, at most 15 characters).
    private static List<string> ThreadNames() =>
        Directory.EnumerateDirectories("/proc/self/task")
            .Select(task =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(task, "comm")).Trim();
                }
                catch (IOException)
                {
                    return "";
                }
            })
            .ToList();

    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef sink, ConcurrentDictionary<string, byte> threads)
        {
            var index = int.Parse(Self.Path.Name[^1..], System.Globalization.CultureInfo.InvariantCulture);
            Receive<int>(n =>
            {
                threads[Thread.CurrentThread.Name ?? "?"] = 0;
                sink.Tell(index * 10_000 + n);
            });
        }
    }

    private sealed class Sink : ReceiveActor
    {
        private readonly List<int> received = [];

        public Sink(ConcurrentDictionary<string, byte> threads, int expected, TaskCompletionSource<List<int>> done) => Receive<int>(n =>
        {
            threads[Thread.CurrentThread.Name ?? "?"] = 0;
            received.Add(n);
            if (received.Count == expected)
            {
                done.SetResult(received);
            }
        });
    }

    private sealed class Ticker : ReceiveActor, IWithTimers
    {
        private readonly List<string> threads = [];

        public Ticker(TaskCompletionSource<string[]> done)
        {
            Receive<string>(s =>
            {
                threads.Add(Thread.CurrentThread.Name ?? "?");
                if (threads.Count == 4)
                {
                    Timers.CancelAll();
                    done.SetResult([.. threads]);
                }
            });
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart()
        {
            Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromMilliseconds(5));
            Context.System.Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromMilliseconds(1), Self, "once", ActorRefs.NoSender);
        }
    }

    private sealed class Stopping(Action stopped) : ReceiveActor
    {
        protected override void PostStop() => stopped();
    }
}
