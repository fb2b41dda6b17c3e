using Legion.Actors.Kernel;
using Legion.Actors.Kernel.TestKit;

namespace Legion.Actors.Tests.Kernel;

public sealed class LifecycleTests : TestKit
{
    private readonly List<string> log = [];

    [Fact]
    public void Stop_runs_PostStop_of_children_before_their_parents_in_a_three_level_tree()
    {
        var root = Sys.ActorOf(Props.Create(() => new Node(log, depth: 2)), "root");
        RunUntilIdle();

        Sys.Stop(root);
        RunUntilIdle();

        Assert.Equal(7, log.Count); // 1 root + 2 children + 4 grandchildren
        Assert.Equal("root", log[^1]);
        AssertDescendantsStoppedFirst();
    }

    [Fact]
    public void Terminate_stops_every_actor_children_first_then_completes()
    {
        Sys.ActorOf(Props.Create(() => new Node(log, depth: 2)), "left");
        Sys.ActorOf(Props.Create(() => new Node(log, depth: 1)), "right");
        RunUntilIdle();

        var terminated = Sys.Terminate();
        Assert.False(terminated.IsCompleted);
        RunUntilIdle();

        Assert.True(terminated.IsCompletedSuccessfully);
        Assert.Same(terminated, Sys.WhenTerminated);
        Assert.Equal(7 + 3, log.Count);
        AssertDescendantsStoppedFirst();
    }

    [Fact]
    public void Watchers_get_Terminated_only_after_PostStop_has_run()
    {
        var node = Sys.ActorOf(Props.Create(() => new Node(log, depth: 1)), "node");
        Watch(node);

        Sys.Stop(node);

        Assert.Equal(node, ExpectMsg<Terminated>().ActorRef);
        Assert.Equal(["node/c0", "node/c1"], log.Take(2).Order());
        Assert.Equal("node", log[2]);
    }

    [Fact]
    public void A_stopped_child_is_removed_from_its_parent()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Node(log, depth: 1)), "parent");
        parent.Tell("children?", TestActor);
        Assert.Equal("c0,c1", ExpectMsg<string>());

        parent.Tell("stop c0");
        RunUntilIdle();
        parent.Tell("children?", TestActor);

        Assert.Equal("c1", ExpectMsg<string>());
    }

    [Fact]
    public void An_actor_stopping_itself_finishes_the_current_message_first()
    {
        var node = Sys.ActorOf(Props.Create(() => new Node(log, depth: 0)), "node");
        Watch(node);

        node.Tell("stop self", TestActor);
        node.Tell("children?", TestActor);

        Assert.Equal("stopping", ExpectMsg<string>());
        ExpectMsg<Terminated>();
    }

    [Fact]
    public void PreStart_runs_before_the_first_message()
    {
        var node = Sys.ActorOf(Props.Create(() => new Node(log, depth: 0)), "node");

        node.Tell("started?", TestActor);

        Assert.Equal("yes", ExpectMsg<string>());
    }

    [Fact]
    public void Child_finds_children_by_name()
    {
        var node = Sys.ActorOf(Props.Create(() => new Node(log, depth: 1)), "node");

        node.Tell("find c1", TestActor);
        node.Tell("find nope", TestActor);

        Assert.Equal("legion://test/user/node/c1", ExpectMsg<string>());
        Assert.Equal("none", ExpectMsg<string>());
    }

    [Fact]
    public void A_terminating_system_refuses_new_actors()
    {
        Sys.Terminate();

        Assert.Throws<InvalidOperationException>(() => Sys.ActorOf(Props.Create(() => new Node(log, 0))));
    }

    [Fact]
    public void Terminate_cancels_pending_scheduled_tells()
    {
        Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TestActor, "tick");
        Assert.NotNull(Clock!.NextTimerDue);

        Sys.Terminate();
        RunUntilIdle();

        Assert.Null(Clock.NextTimerDue);
    }

    [Fact]
    public async Task DisposeAsync_terminates_the_system()
    {
        var dispatcher = new DeterministicDispatcher();
        var system = ActorSystem.Create("other", new ActorSystemSettings { Dispatcher = dispatcher, TimeProvider = new VirtualTimeProvider() });
        system.ActorOf(Props.Create(() => new Node(log, 1)), "node");

        var disposing = system.DisposeAsync();
        dispatcher.RunUntilIdle();
        await disposing;

        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        Assert.Equal(3, log.Count);
    }

    private void AssertDescendantsStoppedFirst()
    {
        foreach (var (path, index) in log.Select((p, i) => (p, i)))
        {
            var descendants = log.Select((p, i) => (p, i)).Where(x => x.p.StartsWith(path + "/", StringComparison.Ordinal));
            Assert.All(descendants, d => Assert.True(d.i < index, $"{d.p} stopped after its ancestor {path}"));
        }
    }

    private sealed class Node : ReceiveActor
    {
        private readonly List<string> log;
        private bool started;

        public Node(List<string> log, int depth)
        {
            this.log = log;
            for (var i = 0; depth > 0 && i < 2; i++)
            {
                Context.ActorOf(Props.Create(() => new Node(log, depth - 1)), $"c{i}");
            }

            Receive<string>(s => s == "children?", _ => Sender.Tell(string.Join(",", Context.Children.Select(c => c.Path.Split('/')[^1]))));
            Receive<string>(s => s.StartsWith("stop c", StringComparison.Ordinal), s => Context.Stop(Context.Child(s[5..])!));
            Receive<string>(s => s.StartsWith("find ", StringComparison.Ordinal), s => Sender.Tell(Context.Child(s[5..])?.Path ?? "none"));
            Receive<string>(s => s == "started?", _ => Sender.Tell(started ? "yes" : "no"));
            Receive<string>(s => s == "stop self", _ =>
            {
                Context.Stop(Self);
                Sender.Tell("stopping");
            });
        }

        protected override void PreStart() => started = true;

        protected override void PostStop() => log.Add(Self.Path[(Self.Path.IndexOf("/user/", StringComparison.Ordinal) + 6)..]);
    }
}
