using Legion.Actors.Kernel;
using Legion.Actors.Kernel.TestKit;

namespace Legion.Actors.Tests.Kernel;

public sealed class DeathWatchTests : TestKit
{
    [Fact]
    public void Stopped_actor_sends_Terminated_to_its_watchers()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()), "target");
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)), "watcher");
        watcher.Tell(new WatchIt(target));
        Watch(target);

        Sys.Stop(target);

        var received = ReceiveN(2);
        Assert.Equal(2, received.Count(m => m.Equals(new Terminated(target))));
    }

    [Fact]
    public void Watching_an_already_dead_actor_delivers_Terminated_at_once()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()));
        Sys.Stop(target);
        RunUntilIdle();
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));

        watcher.Tell(new WatchIt(target));

        Assert.Equal(target, ExpectMsg<Terminated>().ActorRef);
    }

    [Fact]
    public void Watching_a_ref_that_is_not_an_actor_delivers_Terminated_at_once()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));

        watcher.Tell(new WatchIt(ActorRefs.Nobody));

        Assert.Equal(ActorRefs.Nobody, ExpectMsg<Terminated>().ActorRef);
    }

    [Fact]
    public void Watching_twice_delivers_one_Terminated()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()));
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(target));
        watcher.Tell(new WatchIt(target));

        Sys.Stop(target);

        ExpectMsg<Terminated>();
        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Unwatch_means_no_Terminated_even_if_the_notification_was_already_queued()
    {
        // The target lives in a second system with its own dispatcher, so it can stop while the watcher is not run.
        var otherDispatcher = new DeterministicDispatcher();
        using var other = ActorSystem.Create("other", new ActorSystemSettings { Dispatcher = otherDispatcher, TimeProvider = Clock! });
        var target = other.ActorOf(Props.Create(() => new Idle()));
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(new WatchIt(target));
        RunUntilIdle();
        otherDispatcher.RunUntilIdle();

        watcher.Tell(new UnwatchIt(target));
        other.Stop(target);
        otherDispatcher.RunUntilIdle(); // the watcher now has Terminated queued behind UnwatchIt

        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Unhandled_Terminated_stops_the_watcher_with_a_death_pact()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()));
        var pact = Sys.ActorOf(Props.Create(() => new Pact(target)));
        Watch(pact);

        Sys.Stop(target);

        Assert.Equal(pact, ExpectMsg<Terminated>().ActorRef);
    }

    [Fact]
    public void DeathPactException_names_the_dead_actor()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()), "gone");

        var error = new DeathPactException(target);

        Assert.Same(target, error.DeadActor);
        Assert.Contains("gone", error.Message, StringComparison.Ordinal);
    }

    private sealed record WatchIt(IActorRef Target);

    private sealed record UnwatchIt(IActorRef Target);

    private sealed class Idle : ReceiveActor
    {
        public Idle() => ReceiveAny(_ => { });
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef report)
        {
            Receive<WatchIt>(w => Context.Watch(w.Target));
            Receive<UnwatchIt>(w => Context.Unwatch(w.Target));
            Receive<Terminated>(t => report.Tell(t));
            Receive<string>(_ => { });
        }
    }

    private sealed class Pact : ReceiveActor
    {
        public Pact(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => { });
        }
    }
}
