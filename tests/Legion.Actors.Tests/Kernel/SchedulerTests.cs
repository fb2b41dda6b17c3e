using Legion.Actors.Kernel;
using Legion.Actors.Kernel.TestKit;

namespace Legion.Actors.Tests.Kernel;

public sealed class SchedulerTests : TestKit
{
    [Fact]
    public void ScheduleTellOnce_delivers_once_after_the_delay()
    {
        var start = Now;
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), TestActor, "wake", CreateTestProbe("from").Ref);

        Assert.Equal("wake", ExpectMsg<string>());
        Assert.Equal(start + TimeSpan.FromSeconds(2), Now);
        Assert.Equal("legion://test/user/from", LastSender.Path);
        ExpectNoMsg(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void ScheduleTellOnce_does_not_deliver_before_the_delay()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), TestActor, "wake");

        ExpectNoMsg(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        ExpectMsg<string>(TimeSpan.FromTicks(1));
    }

    [Fact]
    public void ScheduleTellRepeatedly_delivers_after_the_initial_delay_then_every_interval()
    {
        var stamper = Sys.ActorOf(Props.Create(() => new Stamper(TestActor)));
        var start = Now;

        Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), stamper, "tick");
        Advance(TimeSpan.FromSeconds(5));

        var times = ReceiveN(3, TimeSpan.Zero).Cast<DateTimeOffset>().Select(t => (t - start).TotalSeconds);
        Assert.Equal([1.0, 3.0, 5.0], times);
    }

    [Fact]
    public void A_cancelled_once_never_delivers()
    {
        var scheduled = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), TestActor, "wake");

        scheduled.Cancel();

        Assert.True(scheduled.IsCancellationRequested);
        ExpectNoMsg(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Cancelling_a_repeated_tell_stops_further_deliveries()
    {
        var scheduled = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TestActor, "tick");
        Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, ReceiveN(2, TimeSpan.Zero).Count);

        scheduled.Cancel();
        scheduled.Cancel();

        ExpectNoMsg(TimeSpan.FromSeconds(10));
        Assert.Null(Clock!.NextTimerDue);
    }

    [Fact]
    public void A_delivered_once_is_not_reported_as_cancelled()
    {
        var scheduled = Sys.Scheduler.ScheduleTellOnce(TimeSpan.Zero, TestActor, "now");

        ExpectMsg<string>(TimeSpan.Zero);

        Assert.False(scheduled.IsCancellationRequested);
    }

    [Fact]
    public void Invalid_schedules_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(-1), TestActor, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.Zero, TestActor, "x"));
        Assert.Throws<ArgumentNullException>(() => Sys.Scheduler.ScheduleTellOnce(TimeSpan.Zero, null!, "x"));
    }

    private sealed class Stamper : ReceiveActor
    {
        public Stamper(IActorRef report) => ReceiveAny(_ => report.Tell(Context.TimeProvider.GetUtcNow()));
    }
}
