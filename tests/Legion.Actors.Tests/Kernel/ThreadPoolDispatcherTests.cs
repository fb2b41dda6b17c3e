using Legion.Actors.Kernel;

namespace Legion.Actors.Tests.Kernel;

/// <summary>Real threads and real time: only generous deadlines, never timing assertions.</summary>
public sealed class ThreadPoolDispatcherTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Messages_from_many_threads_all_arrive_and_each_senders_order_is_kept()
    {
        const int Senders = 8, PerSender = 5_000;
        await using var system = ActorSystem.Create("pool");
        var done = new TaskCompletionSource<Dictionary<int, List<int>>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = system.ActorOf(Props.Create(() => new Collector(Senders * PerSender, done)), "collector");

        var threads = Enumerable.Range(0, Senders)
            .Select(s => new Thread(() =>
            {
                for (var i = 0; i < PerSender; i++)
                {
                    collector.Tell(new Numbered(s, i));
                }
            }))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var received = await done.Task.WaitAsync(Generous);
        Assert.Equal(Senders, received.Count);
        Assert.All(received.Values, sequence => Assert.Equal(Enumerable.Range(0, PerSender), sequence));
    }

    [Fact]
    public async Task An_actor_never_processes_two_messages_at_once()
    {
        await using var system = ActorSystem.Create("pool", new ActorSystemSettings { Dispatcher = new ThreadPoolDispatcher(throughput: 5) });
        var guard = system.ActorOf(Props.Create(() => new ConcurrencyGuard()));

        Parallel.For(0, 10_000, _ => guard.Tell("enter"));
        var overlaps = await guard.Ask<int>("overlaps?", Generous);

        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task Ask_and_PipeTo_work_across_real_threads()
    {
        await using var system = ActorSystem.Create("pool");
        var doubler = system.ActorOf(Props.Create(() => new Doubler()));

        var replies = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => doubler.Ask<int>(i, Generous)));

        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), replies);
    }

    [Fact]
    public async Task Terminate_completes_after_every_actor_stopped()
    {
        var stopped = 0;
        var system = ActorSystem.Create("pool");
        for (var i = 0; i < 50; i++)
        {
            system.ActorOf(Props.Create(() => new Counted(() => Interlocked.Increment(ref stopped))));
        }

        await system.Terminate().WaitAsync(Generous);

        Assert.Equal(50, stopped);
    }

    [Fact]
    public async Task Terminate_stops_children_before_parents_on_real_threads()
    {
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var system = ActorSystem.Create("pool");
        for (var i = 0; i < 10; i++)
        {
            system.ActorOf(Props.Create(() => new Tree(log, depth: 3)), $"t{i}");
        }

        await system.Terminate().WaitAsync(Generous);

        var order = log.ToList();
        Assert.Equal(10 * 7, order.Count); // three levels: 1 + 2 + 4 per tree
        Assert.All(order.Select((path, index) => (path, index)), stopped =>
            Assert.DoesNotContain(order.Skip(stopped.index + 1), later => later.StartsWith(stopped.path + "/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Failing_actors_restart_concurrently_without_losing_messages()
    {
        await using var system = ActorSystem.Create("pool-flaky");
        var flaky = Enumerable.Range(0, 20).Select(i => system.ActorOf(Props.Create(() => new Flaky()), $"f{i}")).ToList();

        Parallel.ForEach(flaky, actor =>
        {
            for (var n = 1; n <= 200; n++)
            {
                actor.Tell(n);
            }
        });
        var sums = await Task.WhenAll(flaky.Select(a => a.Ask<int>("sum", Generous)));

        // Every tenth message fails and is dropped; every other one is processed despite the restarts in between.
        Assert.All(sums, sum => Assert.Equal(Enumerable.Range(1, 200).Where(n => n % 10 != 0).Sum(), sum));
    }

    [Fact]
    public void Dispose_blocks_until_the_system_has_terminated()
    {
        var stopped = 0;
        var system = ActorSystem.Create("pool");
        system.ActorOf(Props.Create(() => new Counted(() => Interlocked.Increment(ref stopped))));

        system.Dispose();

        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        Assert.Equal(1, stopped);
    }

    [Fact]
    public void Throughput_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadPoolDispatcher(throughput: 0));

    private sealed record Numbered(int Sender, int Sequence);

    private sealed class Collector : ReceiveActor
    {
        private readonly Dictionary<int, List<int>> bySender = [];
        private int count;

        public Collector(int expected, TaskCompletionSource<Dictionary<int, List<int>>> done) => Receive<Numbered>(n =>
        {
            if (!bySender.TryGetValue(n.Sender, out var list))
            {
                bySender[n.Sender] = list = [];
            }

            list.Add(n.Sequence);
            if (++count == expected)
            {
                done.SetResult(bySender);
            }
        });
    }

    private sealed class ConcurrencyGuard : ReceiveActor
    {
        private int inside;
        private int overlaps;

        public ConcurrencyGuard()
        {
            Receive<string>(s => s == "enter", _ =>
            {
                if (Interlocked.Increment(ref inside) != 1)
                {
                    overlaps++;
                }

                Thread.SpinWait(100);
                Interlocked.Decrement(ref inside);
            });
            Receive<string>(s => s == "overlaps?", _ => Sender.Tell(overlaps));
        }
    }

    private sealed class Doubler : ReceiveActor
    {
        public Doubler() => Receive<int>(n => Task.Run(() => n * 2).PipeTo(Sender));
    }

    private sealed class Tree : ReceiveActor
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> log;

        public Tree(System.Collections.Concurrent.ConcurrentQueue<string> log, int depth)
        {
            this.log = log;
            for (var i = 0; depth > 1 && i < 2; i++)
            {
                Context.ActorOf(Props.Create(() => new Tree(log, depth - 1)), $"c{i}");
            }

            ReceiveAny(_ => { });
        }

        protected override void PostStop() => log.Enqueue(Self.Path);
    }

    private sealed class Flaky : ReceiveActor
    {
        // Outside the instance, so the running sum survives restarts.
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Sums = new();

        public Flaky()
        {
            Receive<int>(n =>
            {
                if (n % 10 == 0)
                {
                    throw new InvalidOperationException("every tenth");
                }

                Sums.AddOrUpdate(Self.Path, n, (_, sum) => sum + n);
            });
            Receive<string>(_ => Sender.Tell(Sums.GetValueOrDefault(Self.Path)));
        }
    }

    private sealed class Counted : ReceiveActor
    {
        private readonly Action onStop;

        public Counted(Action onStop)
        {
            this.onStop = onStop;
            ReceiveAny(_ => { });
        }

        protected override void PostStop() => onStop();
    }
}
