using Legion.Actors.Kernel;
using Legion.Actors.Kernel.TestKit;

namespace Legion.Actors.Tests.Kernel;

public sealed class TimerTests : TestKit
{
    [Fact]
    public void A_single_timer_delivers_once_and_is_then_inactive()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Timed(TestActor)));

        actor.Tell(new StartSingle("k", "ping", TimeSpan.FromSeconds(1)));
        actor.Tell(new IsActive("k"));
        Assert.True(ExpectMsg<bool>());

        Assert.Equal("ping", ExpectMsg<string>());
        actor.Tell(new IsActive("k"));
        Assert.False(ExpectMsg<bool>());
        ExpectNoMsg(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_periodic_timer_delivers_every_interval_until_cancelled()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Timed(TestActor)));

        actor.Tell(new StartPeriodic("k", "tick", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(3, ReceiveN(3, TimeSpan.Zero).Count); // at 2, 3 and 4 s

        actor.Tell(new CancelTimer("k"));
        ExpectNoMsg(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Timers_can_be_started_in_the_constructor()
    {
        Sys.ActorOf(Props.Create(() => new Timed(TestActor, startInConstructor: true)));

        Assert.Equal("from ctor", ExpectMsg<string>());
    }

    [Fact]
    public void Restarting_a_timer_by_key_suppresses_the_message_of_the_replaced_one_even_if_already_queued()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Timed(TestActor)));
        actor.Tell(new StartSingle("k", "old", TimeSpan.FromSeconds(1)));
        RunUntilIdle();

        actor.Tell(new StartSingle("k", "new", TimeSpan.FromSeconds(1)));
        Clock!.Advance(TimeSpan.FromSeconds(1)); // "old" is now queued behind the restart

        Assert.Equal("new", ExpectMsg<string>());
        ExpectNoMsg(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Cancelling_a_timer_suppresses_its_already_queued_message()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Timed(TestActor)));
        actor.Tell(new StartPeriodic("k", "tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        RunUntilIdle();

        actor.Tell(new CancelTimer("k"));
        Clock!.Advance(TimeSpan.FromSeconds(1));

        ExpectNoMsg(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void CancelAll_cancels_every_timer()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Timed(TestActor)));
        actor.Tell(new StartSingle("a", "a", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartPeriodic("b", "b", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        actor.Tell("cancel all");

        ExpectNoMsg(TimeSpan.FromSeconds(10));
        Assert.Null(Clock!.NextTimerDue);
    }

    [Fact]
    public void Timers_are_cancelled_on_restart_including_a_queued_message()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Timed(TestActor)));
        actor.Tell(new StartPeriodic("k", "tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        RunUntilIdle();

        actor.Tell("boom");
        Clock!.Advance(TimeSpan.FromSeconds(1)); // a tick is queued behind the failure

        ExpectNoMsg(TimeSpan.FromSeconds(10));
        actor.Tell(new IsActive("k"));
        Assert.False(ExpectMsg<bool>());
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_stops()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Timed(TestActor)));
        actor.Tell(new StartPeriodic("k", "tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        RunUntilIdle();

        Sys.Stop(actor);
        RunUntilIdle();

        Assert.Null(Clock!.NextTimerDue);
    }

    [Fact]
    public void Invalid_timer_arguments_are_rejected()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Timed(TestActor)));

        actor.Tell(new StartPeriodic("k", "tick", TimeSpan.Zero, TimeSpan.Zero));

        Assert.Equal(nameof(ArgumentOutOfRangeException), ExpectMsg<string>());
    }

    private sealed record StartSingle(object Key, object Message, TimeSpan Delay);

    private sealed record StartPeriodic(object Key, object Message, TimeSpan InitialDelay, TimeSpan Interval);

    private sealed record CancelTimer(object Key);

    private sealed record IsActive(object Key);

    private sealed class Timed : ReceiveActor, IWithTimers
    {
        public Timed(IActorRef report, bool startInConstructor = false)
        {
            if (startInConstructor)
            {
                Timers.StartSingleTimer("ctor", "from ctor", TimeSpan.FromSeconds(1));
            }

            Receive<StartSingle>(s => Timers.StartSingleTimer(s.Key, s.Message, s.Delay));
            Receive<StartPeriodic>(s =>
            {
                try
                {
                    if (s.InitialDelay == s.Interval)
                    {
                        Timers.StartPeriodicTimer(s.Key, s.Message, s.Interval);
                    }
                    else
                    {
                        Timers.StartPeriodicTimer(s.Key, s.Message, s.InitialDelay, s.Interval);
                    }
                }
                catch (ArgumentOutOfRangeException e)
                {
                    report.Tell(e.GetType().Name);
                }
            });
            Receive<CancelTimer>(c => Timers.Cancel(c.Key));
            Receive<IsActive>(a => report.Tell(Timers.IsTimerActive(a.Key)));
            Receive<string>(s => s == "cancel all", _ => Timers.CancelAll());
            Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => report.Tell(s));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }
}
