using Legion.Actors.Kernel;
using Legion.Actors.Kernel.TestKit;

namespace Legion.Actors.Tests.Kernel;

public sealed class TestKitTests : TestKit
{
    [Fact]
    public void ExpectMsg_returns_the_next_message_of_the_expected_type()
    {
        TestActor.Tell("hello");

        Assert.Equal("hello", ExpectMsg<string>());
    }

    [Fact]
    public void ExpectMsg_throws_when_no_message_arrives_and_leaves_the_clock_at_the_deadline()
    {
        var start = Now;

        var error = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>(TimeSpan.FromSeconds(2)));

        Assert.Contains("no message of type String", error.Message, StringComparison.Ordinal);
        Assert.Equal(start + TimeSpan.FromSeconds(2), Now);
    }

    [Fact]
    public void ExpectMsg_uses_a_three_second_default_timeout()
    {
        var start = Now;

        Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>());

        Assert.Equal(start + TimeSpan.FromSeconds(3), Now);
        Assert.Equal(TimeSpan.FromSeconds(3), TestProbe.DefaultTimeout);
    }

    [Fact]
    public void ExpectMsg_throws_when_the_next_message_has_another_type()
    {
        TestActor.Tell(42);

        var error = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>());

        Assert.Contains("Int32 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectMsg_throws_when_the_predicate_rejects_the_message()
    {
        TestActor.Tell("hello");

        Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>(s => s == "bye"));
    }

    [Fact]
    public void ExpectMsg_advances_virtual_time_only_to_the_timer_that_produces_the_message()
    {
        var start = Now;
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(1200), TestActor, "late");
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), TestActor, "later");

        Assert.Equal("late", ExpectMsg<string>());

        Assert.Equal(start + TimeSpan.FromMilliseconds(1200), Now);
    }

    [Fact]
    public void ExpectMsg_does_not_fire_timers_beyond_its_deadline()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(5), TestActor, "too late");

        Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>(TimeSpan.FromSeconds(4)));
        Assert.Equal("too late", ExpectMsg<string>(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void ExpectNoMsg_passes_when_nothing_arrives_and_advances_the_whole_duration()
    {
        var start = Now;

        ExpectNoMsg(TimeSpan.FromSeconds(10));

        Assert.Equal(start + TimeSpan.FromSeconds(10), Now);
    }

    [Fact]
    public void ExpectNoMsg_throws_when_a_message_arrives()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(9), TestActor, "surprise");

        var error = Assert.Throws<TestKitAssertionException>(() => ExpectNoMsg(TimeSpan.FromSeconds(10)));

        Assert.Contains("surprise", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FishForMessage_skips_other_messages()
    {
        TestActor.Tell(1);
        TestActor.Tell("no");
        TestActor.Tell("yes");

        Assert.Equal("yes", FishForMessage<string>(s => s == "yes"));
    }

    [Fact]
    public void FishForMessage_throws_when_the_one_never_comes()
    {
        TestActor.Tell("no");

        Assert.Throws<TestKitAssertionException>(() => FishForMessage<string>(s => s == "yes"));
    }

    [Fact]
    public void ReceiveN_returns_the_messages_in_arrival_order()
    {
        TestActor.Tell(1);
        TestActor.Tell("two");

        Assert.Equal([1, "two"], ReceiveN(2));
    }

    [Fact]
    public void ReceiveN_throws_when_fewer_messages_arrive()
    {
        TestActor.Tell(1);

        var error = Assert.Throws<TestKitAssertionException>(() => ReceiveN(2));

        Assert.Contains("received 1 of 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiveWhile_collects_everything_that_arrives_within_the_duration()
    {
        var start = Now;
        TestActor.Tell("now");
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), TestActor, "later");
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(6), TestActor, "too late");

        var received = ReceiveWhile(TimeSpan.FromSeconds(5));

        Assert.Equal(["now", "later"], received);
        Assert.Equal(start + TimeSpan.FromSeconds(5), Now);
    }

    [Fact]
    public void ReceiveWhile_with_zero_duration_drains_what_is_ready()
    {
        TestActor.Tell(1);
        TestActor.Tell(2);

        Assert.Equal([1, 2], ReceiveWhile(TimeSpan.Zero));
        Assert.Empty(ReceiveWhile(TimeSpan.Zero));
    }

    [Fact]
    public void A_probe_replies_to_and_forwards_with_the_last_sender()
    {
        var probe = CreateTestProbe("middle");
        var target = CreateTestProbe("target");

        probe.Ref.Tell("question", TestActor);
        Assert.Equal("question", probe.ExpectMsg<string>());
        probe.Reply("answer");
        probe.Forward(target.Ref);

        Assert.Equal("answer", ExpectMsg<string>());
        Assert.Equal(probe.Ref, LastSender);
        Assert.Equal("question", target.ExpectMsg<string>());
        Assert.Equal(TestActor, target.LastSender);
    }

    [Fact]
    public void Probes_get_unique_default_names()
    {
        Assert.Equal("legion://test/user/testActor", TestActor.Path);
        Assert.Equal("legion://test/user/testProbe-1", CreateTestProbe().Ref.Path);
        Assert.Equal("legion://test/user/testProbe-2", CreateTestProbe().Ref.Path);
    }

    [Fact]
    public void Watch_delivers_Terminated_to_the_test_actor()
    {
        var probe = CreateTestProbe();
        Watch(probe.Ref);

        Sys.Stop(probe.Ref);

        Assert.Equal(probe.Ref, ExpectMsg<Terminated>().ActorRef);
    }

    [Fact]
    public void Clock_starts_at_the_default_start()
    {
        Assert.NotNull(Clock);
        Assert.NotNull(Dispatcher);
        Assert.Equal(VirtualTimeProvider.DefaultStart, Now);
    }

    [Fact]
    public void Dispose_terminates_the_system()
    {
        var kit = new TestKit();

        kit.Dispose();

        Assert.True(kit.Sys.WhenTerminated.IsCompletedSuccessfully);
    }

    [Fact]
    public void Advance_is_refused_in_real_time_mode()
    {
        using var kit = new TestKit(virtualTime: false);

        Assert.Null(kit.Clock);
        Assert.Throws<InvalidOperationException>(() => kit.Advance(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Real_time_mode_runs_actors_and_timers_on_its_own_thread_not_the_thread_pool()
    {
        using var kit = new TestKit(virtualTime: false);
        var echo = kit.Sys.ActorOf(Props.Create(() => new ThreadNameActor()), "thread-name");

        kit.Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(10), echo, "which thread?", kit.TestActor);
        kit.RunUntilIdle();

        var (name, isPool) = kit.ExpectMsg<(string?, bool)>(TimeSpan.FromSeconds(30));
        Assert.Equal("legion-testkit", name);
        Assert.False(isPool);
    }

    private sealed class ThreadNameActor : ReceiveActor
    {
        public ThreadNameActor() =>
            Receive<string>(_ => Sender.Tell((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread)));
    }

    [Fact]
    public void Real_time_mode_fails_on_a_missing_message_and_passes_on_silence()
    {
        using var kit = new TestKit(virtualTime: false);

        kit.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Throws<TestKitAssertionException>(() => kit.ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));
    }
}
