using Legion.Actors.Kernel;
using Legion.Actors.Kernel.TestKit;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Tests.Kernel;

public sealed class SupervisionTests : TestKit
{
    private readonly List<string> log = [];

    [Fact]
    public void Resume_keeps_the_actors_state()
    {
        var counter = SupervisedCounter(new OneForOneStrategy(_ => Directive.Resume));

        counter.Tell("inc");
        counter.Tell("inc");
        counter.Tell("boom");
        counter.Tell("get", TestActor);

        Assert.Equal(2, ExpectMsg<int>());
        Assert.DoesNotContain(log, e => e.StartsWith("PreRestart", StringComparison.Ordinal));
    }

    [Fact]
    public void Restart_resets_the_state_and_keeps_the_queued_messages()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter(log)), "counter");

        counter.Tell("inc");
        counter.Tell("boom");
        counter.Tell("inc");
        counter.Tell("get", TestActor);

        Assert.Equal(1, ExpectMsg<int>());
    }

    [Fact]
    public void Restart_calls_the_hooks_in_order_with_the_failing_message()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter(log)), "counter");

        counter.Tell("boom");
        counter.Tell("get", TestActor);
        ExpectMsg<int>();

        Assert.Equal(
            ["ctor#1", "PreStart#1", "PreRestart#1 boom (boom)", "PostStop#1", "ctor#2", "PostRestart#2 boom", "PreStart#2"],
            log);
    }

    [Fact]
    public void Restart_stops_the_old_children_before_the_new_instance_creates_its_own()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Counter(log, withChild: true)), "parent");
        RunUntilIdle();

        parent.Tell("boom");
        parent.Tell("child?", TestActor);

        Assert.Equal("legion://test/user/parent/kid", ExpectMsg<string>());
        Assert.Single(log, e => e == "kid PostStop#1");
        Assert.True(log.IndexOf("kid PostStop#1") < log.IndexOf("ctor#2"));
    }

    [Fact]
    public void A_restarted_actor_keeps_its_ref_and_its_watchers()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter(log)), "counter");
        Watch(counter);
        counter.Tell("boom");
        counter.Tell("inc");
        counter.Tell("get", TestActor);
        Assert.Equal(1, ExpectMsg<int>());
        Assert.Same(counter, LastSender);

        Sys.Stop(counter);

        Assert.Equal(counter, ExpectMsg<Terminated>().ActorRef);
    }

    [Fact]
    public void Stop_directive_stops_the_failing_child()
    {
        var counter = SupervisedCounter(SupervisorStrategy.StoppingStrategy);
        Watch(counter);

        counter.Tell("boom");

        ExpectMsg<Terminated>();
        Assert.Equal("PostStop#1", log[^1]);
    }

    [Fact]
    public void Escalate_fails_the_parent_with_the_same_exception_for_the_grandparent_to_decide()
    {
        var seen = new List<Exception>();
        var grandparentStrategy = new OneForOneStrategy(e =>
        {
            seen.Add(e);
            return Directive.Stop;
        });
        var parentProps = Props.Create(() => new Forwarder(Props.Create(() => new Counter(log))))
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Escalate));
        var grandparent = Sys.ActorOf(Props.Create(() => new Forwarder(parentProps)).WithSupervisorStrategy(grandparentStrategy), "gp");
        grandparent.Tell(new ChildOf("parent"), TestActor);
        var parent = ExpectMsg<IActorRef>();
        Watch(parent);

        grandparent.Tell("boom");

        ExpectMsg<Terminated>();
        var failure = Assert.Single(seen);
        Assert.IsType<InvalidOperationException>(failure);
        Assert.Equal("boom", failure.Message);
    }

    [Fact]
    public void Resuming_an_escalated_failure_resumes_the_child_too()
    {
        var parentProps = Props.Create(() => new Forwarder(Props.Create(() => new Counter(log))))
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Escalate));
        var grandparent = Sys.ActorOf(
            Props.Create(() => new Forwarder(parentProps)).WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Resume)),
            "gp");

        grandparent.Tell("inc");
        grandparent.Tell("boom");
        grandparent.Tell("inc");
        grandparent.Tell("get", TestActor);

        Assert.Equal(2, ExpectMsg<int>());
    }

    [Fact]
    public void A_child_restarted_more_than_the_allowed_retries_within_the_window_is_stopped()
    {
        var counter = SupervisedCounter(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart));
        Watch(counter);

        counter.Tell("boom");
        counter.Tell("boom");
        counter.Tell("boom");

        ExpectMsg<Terminated>();
        Assert.Equal(2, log.Count(e => e.StartsWith("PostRestart", StringComparison.Ordinal)));
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_keep_restarting()
    {
        var counter = SupervisedCounter(new OneForOneStrategy(1, TimeSpan.FromMinutes(1), _ => Directive.Restart));

        for (var i = 0; i < 3; i++)
        {
            counter.Tell("boom");
            Advance(TimeSpan.FromMinutes(2));
        }

        counter.Tell("get", TestActor);
        Assert.Equal(0, ExpectMsg<int>());
        Assert.Equal(3, log.Count(e => e.StartsWith("PostRestart", StringComparison.Ordinal)));
    }

    [Fact]
    public void Zero_retries_stops_at_the_first_failure()
    {
        var counter = SupervisedCounter(new OneForOneStrategy(0, TimeSpan.Zero, _ => Directive.Restart));
        Watch(counter);

        counter.Tell("boom");

        ExpectMsg<Terminated>();
    }

    [Fact]
    public void An_actor_whose_constructor_throws_is_stopped_not_restarted()
    {
        var attempts = 0;
        var broken = Sys.ActorOf(Props.Create(() => new Broken(ref attempts, inPreStart: false)));
        Watch(broken);

        ExpectMsg<Terminated>();
        Assert.Equal(1, attempts);
    }

    [Fact]
    public void An_actor_whose_PreStart_throws_is_stopped()
    {
        var attempts = 0;
        var broken = Sys.ActorOf(Props.Create(() => new Broken(ref attempts, inPreStart: true)));
        Watch(broken);

        ExpectMsg<Terminated>();
    }

    [Fact]
    public void The_default_decider_stops_on_initialization_failures_and_death_pacts_and_restarts_otherwise()
    {
        var someone = CreateTestProbe().Ref;

        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultStrategy.Decide(new ActorInitializationException(someone, new IOException())));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultStrategy.Decide(new DeathPactException(someone)));
        Assert.Equal(Directive.Restart, SupervisorStrategy.DefaultStrategy.Decide(new IOException()));
        Assert.Equal(Directive.Stop, SupervisorStrategy.StoppingStrategy.Decide(new IOException()));
    }

    [Fact]
    public void An_actor_can_declare_its_strategy_by_overriding_SupervisorStrategy()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ResumingForwarder(Props.Create(() => new Counter(log)))));

        parent.Tell("inc");
        parent.Tell("boom");
        parent.Tell("get", TestActor);

        Assert.Equal(1, ExpectMsg<int>());
    }

    [Fact]
    public void Failures_are_logged_with_the_directive()
    {
        var logs = new ListLoggerFactory();
        using var kit = new TestKit(loggerFactory: logs);
        var counter = kit.Sys.ActorOf(Props.Create(() => new Counter(log)), "counter");

        counter.Tell("boom");
        kit.RunUntilIdle();

        var entry = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(entry.Exception);
        Assert.Contains("legion://test/user/counter", entry.Message, StringComparison.Ordinal);
        Assert.Contains("Restart", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Actor_logs_carry_the_actor_type_as_category_and_the_path_as_scope()
    {
        var logs = new ListLoggerFactory();
        using var kit = new TestKit(loggerFactory: logs);
        var counter = kit.Sys.ActorOf(Props.Create(() => new Counter(log)), "counter");

        counter.Tell("log");
        kit.RunUntilIdle();

        var entry = Assert.Single(logs.Entries, e => e.Message == "hello 42");
        Assert.Equal(typeof(Counter).FullName, entry.Category);
        Assert.Contains("ActorPath=legion://test/user/counter", entry.Scopes, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_thrown_by_PostStop_is_logged_and_the_actor_still_stops()
    {
        var logs = new ListLoggerFactory();
        using var kit = new TestKit(loggerFactory: logs);
        var counter = kit.Sys.ActorOf(Props.Create(() => new Counter(log, throwInPostStop: true)), "counter");
        kit.Watch(counter);

        kit.Sys.Stop(counter);

        kit.ExpectMsg<Terminated>();
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("PostStop", StringComparison.Ordinal));
    }

    private IActorRef SupervisedCounter(SupervisorStrategy strategy)
    {
        var parent = Sys.ActorOf(Props.Create(() => new Forwarder(Props.Create(() => new Counter(log)))).WithSupervisorStrategy(strategy));
        parent.Tell(new ChildOf("get"), TestActor);
        return ExpectMsg<IActorRef>();
    }

    private sealed record ChildOf(string Ignored);

    /// <summary>Creates one child and forwards every message to it, keeping the sender.</summary>
    private class Forwarder : ReceiveActor
    {
        public Forwarder(Props child)
        {
            var target = Context.ActorOf(child, "child");
            Receive<ChildOf>(_ => Sender.Tell(target));
            ReceiveAny(m => target.Tell(m, Sender));
        }
    }

    private sealed class ResumingForwarder(Props child) : Forwarder(child)
    {
        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Resume);
    }

    private sealed class Counter : ReceiveActor
    {
        private static readonly Dictionary<List<string>, int> Incarnations = new(ReferenceEqualityComparer.Instance);
        private readonly List<string> log;
        private readonly int incarnation;
        private readonly bool throwInPostStop;
        private int count;

        public Counter(List<string> log, bool withChild = false, bool throwInPostStop = false)
        {
            this.log = log;
            this.throwInPostStop = throwInPostStop;
            lock (Incarnations)
            {
                incarnation = Incarnations[log] = Incarnations.GetValueOrDefault(log) + 1;
            }

            log.Add($"ctor#{incarnation}");
            if (withChild)
            {
                Context.ActorOf(Props.Create(() => new Kid(log)), "kid");
            }

            Receive<string>(s => s == "inc", _ => count++);
            Receive<string>(s => s == "get", _ => Sender.Tell(count, Self));
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => s == "child?", _ => Sender.Tell(Context.Child("kid")!.Path));
            Receive<string>(s => s == "log", _ => Context.Log.LogInformation("hello {Answer}", 42));
        }

        protected override void PreStart() => log.Add($"PreStart#{incarnation}");

        protected override void PostStop()
        {
            log.Add($"PostStop#{incarnation}");
            if (throwInPostStop)
            {
                throw new IOException("cleanup failed");
            }
        }

        protected override void PreRestart(Exception reason, object? message)
        {
            log.Add($"PreRestart#{incarnation} {reason.Message} ({message})");
            base.PreRestart(reason, message);
        }

        protected override void PostRestart(Exception reason)
        {
            log.Add($"PostRestart#{incarnation} {reason.Message}");
            base.PostRestart(reason);
        }
    }

    private sealed class Kid : ReceiveActor
    {
        private readonly List<string> log;

        public Kid(List<string> log)
        {
            this.log = log;
            ReceiveAny(_ => { });
        }

        protected override void PostStop() => log.Add("kid PostStop#1");
    }

    private sealed class Broken : ReceiveActor
    {
        private readonly bool inPreStart;

        public Broken(ref int attempts, bool inPreStart)
        {
            attempts++;
            this.inPreStart = inPreStart;
            if (!inPreStart)
            {
                throw new IOException("cannot start");
            }
        }

        protected override void PreStart()
        {
            if (inPreStart)
            {
                throw new IOException("cannot start");
            }
        }
    }
}
