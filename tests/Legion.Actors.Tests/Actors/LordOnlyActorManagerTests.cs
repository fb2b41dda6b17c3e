using Akka.Actor;
using Akka.Event;
using Legion.Actors.Actors;
using Legion.Actors.Runtime;

namespace Legion.Actors.Tests.Actors;

/// <summary>
/// <see cref="LordOnlyActorManager"/> on its own: the application's actor runs between <c>LordshipChanged(true)</c> and
/// <c>LordshipChanged(false)</c>, is ended by its termination message, never overlaps a successor, and messages sent while
/// it does not run go to dead letters.
/// </summary>
public sealed class LordOnlyActorManagerTests : Akka.TestKit.Xunit2.TestKit
{
    private const string Finish = "finish";
    private const string FinishNow = "finish-now";

    public LordOnlyActorManagerTests()
        : base(LegionExtensionSettings.Reference)
    {
    }

    private IActorRef Manager(bool lingers = false) =>
        Sys.ActorOf(LordOnlyActorManager.Props(new LordOnlyActorSpec("web", "reports", Props.Create(() => new Worker(TestActor, lingers)), Finish)), "lord-only-reports");

    [Fact]
    public void The_actor_runs_from_lordship_to_its_end_and_gets_the_messages_sent_meanwhile()
    {
        var manager = Manager();

        manager.Tell(new LordshipChanged(true));
        ExpectMsg("started");
        Assert.Equal("/user/lord-only-reports/reports", LastSender.Path.ToStringWithoutAddress());
        manager.Tell("hello");
        ExpectMsg("got hello");
        manager.Tell(new LordshipChanged(false));

        ExpectMsg("finishing");
        ExpectMsg("stopped");
    }

    [Fact]
    public void Messages_while_not_Lord_go_to_dead_letters()
    {
        var manager = Manager();
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));

        manager.Tell("too early");

        Assert.Equal("too early", deadLetters.ExpectMsg<DeadLetter>().Message);
        manager.Tell(new LordshipChanged(true));
        ExpectMsg("started");
        manager.Tell(new LordshipChanged(false));
        ExpectMsg("finishing");
        ExpectMsg("stopped");
        manager.Tell("too late");
        Assert.Equal("too late", deadLetters.ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void A_new_lordship_while_the_old_actor_still_stops_starts_the_new_one_only_after_it_stopped()
    {
        var manager = Manager(lingers: true);
        manager.Tell(new LordshipChanged(true));
        ExpectMsg("started");
        var first = LastSender;

        manager.Tell(new LordshipChanged(false));
        ExpectMsg("finishing");
        manager.Tell(new LordshipChanged(true));
        first.Tell(FinishNow);

        ExpectMsg("stopped");
        ExpectMsg("started");
        Assert.NotEqual(first, LastSender);
    }

    [Fact]
    public void A_lordship_that_ends_while_the_old_actor_still_stops_starts_nothing()
    {
        var manager = Manager(lingers: true);
        manager.Tell(new LordshipChanged(true));
        ExpectMsg("started");
        var first = LastSender;
        manager.Tell(new LordshipChanged(false));
        ExpectMsg("finishing");
        manager.Tell(new LordshipChanged(true));
        manager.Tell(new LordshipChanged(false));

        first.Tell(FinishNow);

        ExpectMsg("stopped");
        manager.Tell(new LordshipChanged(true));
        ExpectMsg("started");
    }

    /// <summary>Tells the probe what happens to it; with <c>lingers</c>, it stops only on <see cref="FinishNow"/>.</summary>
    private sealed class Worker : ReceiveActor
    {
        private readonly IActorRef _probe;

        public Worker(IActorRef probe, bool lingers)
        {
            _probe = probe;
            Receive<string>(m => m == Finish, _ =>
            {
                probe.Tell("finishing");
                if (!lingers)
                {
                    Context.Stop(Self);
                }
            });
            Receive<string>(m => m == FinishNow, _ => Context.Stop(Self));
            Receive<string>(m => probe.Tell("got " + m));
        }

        protected override void PreStart() => _probe.Tell("started");

        protected override void PostStop() => _probe.Tell("stopped");
    }
}
