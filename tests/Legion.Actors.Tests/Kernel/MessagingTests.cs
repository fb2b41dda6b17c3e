using Legion.Actors.Kernel;
using Legion.Actors.Kernel.TestKit;

namespace Legion.Actors.Tests.Kernel;

public sealed class MessagingTests : TestKit
{
    [Fact]
    public void Messages_from_one_sender_arrive_in_the_order_they_were_told()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");

        for (var i = 0; i < 100; i++)
        {
            echo.Tell(i, TestActor);
        }

        Assert.Equal(Enumerable.Range(0, 100).Cast<object>(), ReceiveN(100));
    }

    [Fact]
    public void Sender_is_the_ref_given_to_Tell()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));

        echo.Tell("hi", TestActor);

        ExpectMsg<string>(s => s == "hi");
        Assert.Same(echo, LastSender);
    }

    [Fact]
    public void Replying_to_a_message_without_sender_reaches_dead_letters()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));

        echo.Tell("lost");

        Assert.Equal("lost", ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));

        var reply = echo.Ask<string>("ping");
        RunUntilIdle();

        Assert.Equal("ping", await reply);
    }

    [Fact]
    public async Task Ask_times_out_in_virtual_time_when_nobody_replies()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));

        var reply = silent.Ask<string>("ping", TimeSpan.FromSeconds(2));
        Advance(TimeSpan.FromSeconds(1));
        Assert.False(reply.IsCompleted);
        Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<AskTimeoutException>(() => reply);
    }

    [Fact]
    public async Task Ask_uses_the_systems_default_timeout_when_none_is_given()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));

        var reply = silent.Ask<string>("ping");
        Advance(Sys.Settings.DefaultAskTimeout - TimeSpan.FromTicks(1));
        Assert.False(reply.IsCompleted);
        Advance(TimeSpan.FromTicks(1));

        await Assert.ThrowsAsync<AskTimeoutException>(() => reply);
    }

    [Fact]
    public async Task Ask_faults_with_the_cause_of_a_Status_Failure_reply()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var cause = new InvalidOperationException("no");

        var reply = echo.Ask<string>(new Status.Failure(cause));
        RunUntilIdle();

        Assert.Same(cause, await Assert.ThrowsAsync<InvalidOperationException>(() => reply));
    }

    [Fact]
    public async Task Ask_faults_when_the_reply_has_another_type()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));

        var reply = echo.Ask<string>(42);
        RunUntilIdle();

        await Assert.ThrowsAsync<InvalidCastException>(() => reply);
    }

    [Fact]
    public void Ask_is_cancelled_by_its_token()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));
        using var cts = new CancellationTokenSource();

        var reply = silent.Ask<string>("ping", ct: cts.Token);
        cts.Cancel();

        Assert.True(reply.IsCanceled);
    }

    [Fact]
    public async Task PipeTo_tells_the_result_of_a_successful_task()
    {
        await Task.FromResult(7).PipeTo(TestActor);

        Assert.Equal(7, ExpectMsg<int>());
    }

    [Fact]
    public async Task PipeTo_maps_the_result_with_the_success_function()
    {
        await Task.FromResult(7).PipeTo(TestActor, success: n => $"got {n}");

        Assert.Equal("got 7", ExpectMsg<string>());
    }

    [Fact]
    public async Task PipeTo_tells_Status_Failure_with_the_unwrapped_exception_of_a_faulted_task()
    {
        var cause = new IOException("disk");

        await Task.FromException<int>(cause).PipeTo(TestActor);

        Assert.Same(cause, ExpectMsg<Status.Failure>().Cause);
    }

    [Fact]
    public async Task PipeTo_maps_a_failure_with_the_failure_function()
    {
        await Task.FromException<int>(new IOException("disk")).PipeTo(TestActor, failure: e => e.Message);

        Assert.Equal("disk", ExpectMsg<string>());
    }

    [Fact]
    public async Task PipeTo_reports_a_cancelled_task_as_a_failure()
    {
        await Task.FromCanceled<int>(new CancellationToken(true)).PipeTo(TestActor);

        Assert.IsType<TaskCanceledException>(ExpectMsg<Status.Failure>().Cause);
    }

    [Fact]
    public async Task Non_generic_PipeTo_tells_the_success_message_or_the_failure()
    {
        await Task.CompletedTask.PipeTo(TestActor, success: () => "done");
        await Task.FromException(new IOException("disk")).PipeTo(TestActor);

        Assert.Equal("done", ExpectMsg<string>());
        Assert.IsType<IOException>(ExpectMsg<Status.Failure>().Cause);
    }

    [Fact]
    public async Task Non_generic_PipeTo_without_success_function_tells_nothing_on_success()
    {
        await Task.CompletedTask.PipeTo(TestActor);

        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task PipeTo_passes_the_given_sender()
    {
        var probe = CreateTestProbe();

        await Task.FromResult("x").PipeTo(TestActor, probe.Ref);

        ExpectMsg<string>();
        Assert.Same(probe.Ref, LastSender);
    }

    [Fact]
    public void Become_replaces_the_handlers_from_the_next_message_on()
    {
        var toggle = Sys.ActorOf(Props.Create(() => new Toggle()));

        toggle.Tell("a", TestActor);
        toggle.Tell("b", TestActor);
        toggle.Tell("c", TestActor);

        Assert.Equal(["off:a", "on:b", "off:c"], ReceiveN(3).Cast<string>());
    }

    [Fact]
    public void The_first_matching_registration_wins_in_registration_order()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Ordered()));

        actor.Tell(5, TestActor);
        actor.Tell(50, TestActor);
        actor.Tell("text", TestActor);

        Assert.Equal(["small 5", "int 50", "any text"], ReceiveN(3).Cast<string>());
    }

    [Fact]
    public void Unhandled_messages_are_published_on_the_event_stream()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));
        var actor = Sys.ActorOf(Props.Create(() => new Silent()), "silent");
        var probe = CreateTestProbe();

        actor.Tell(42, probe.Ref);

        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal(new UnhandledMessage(42, probe.Ref, actor), unhandled);
    }

    [Fact]
    public void Messages_to_a_stopped_actor_go_to_dead_letters()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Sys.Stop(echo);
        RunUntilIdle();

        echo.Tell("late", TestActor);

        Assert.Equal(new DeadLetter("late", TestActor, echo), ExpectMsg<DeadLetter>());
    }

    [Fact]
    public void PoisonPill_stops_the_actor_after_the_messages_told_before_it()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        Watch(echo);

        echo.Tell("before", TestActor);
        echo.Tell(PoisonPill.Instance);
        echo.Tell("after", TestActor);

        Assert.Equal("before", ExpectMsg<string>());
        var rest = ReceiveN(2);
        Assert.Contains(new DeadLetter("after", TestActor, echo), rest);
        Assert.Contains(new Terminated(echo), rest);
    }

    [Fact]
    public void Top_level_actors_live_under_the_user_guardian()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");

        Assert.Equal("legion://test/user/echo", echo.Path);
        Assert.Equal("legion://test/user/echo", echo.ToString());
    }

    [Fact]
    public void Unnamed_actors_get_generated_names()
    {
        var first = Sys.ActorOf(Props.Create(() => new Echo()));
        var second = Sys.ActorOf(Props.Create(() => new Echo()));

        Assert.Equal("legion://test/user/$a", first.Path);
        Assert.Equal("legion://test/user/$b", second.Path);
    }

    [Fact]
    public void A_name_taken_by_a_sibling_is_rejected()
    {
        Sys.ActorOf(Props.Create(() => new Echo()), "echo");

        Assert.Throws<ArgumentException>(() => Sys.ActorOf(Props.Create(() => new Echo()), "echo"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$reserved")]
    [InlineData("with space")]
    public void Invalid_names_are_rejected(string name) =>
        Assert.Throws<ArgumentException>(() => Sys.ActorOf(Props.Create(() => new Echo()), name));

    [Fact]
    public void A_stopped_actors_name_can_be_reused_and_the_new_actor_gets_a_new_ref()
    {
        var old = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        Sys.Stop(old);
        RunUntilIdle();

        var reborn = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        reborn.Tell("hi", TestActor);

        Assert.NotEqual(old, reborn);
        Assert.Equal("hi", ExpectMsg<string>());
    }

    [Fact]
    public void An_actor_cannot_be_created_with_new()
    {
        Assert.Throws<InvalidOperationException>(() => new Echo());
    }

    [Fact]
    public void Receive_outside_the_constructor_or_Become_throws()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LateRegistration()));

        actor.Tell("register now", TestActor);

        Assert.Equal(nameof(InvalidOperationException), ExpectMsg<string>());
    }

    [Fact]
    public void Context_exposes_self_parent_system_and_clock()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Introspective()), "me");

        actor.Tell("who", TestActor);

        var facts = ExpectMsg<string>();
        Assert.Equal($"legion://test/user/me|legion://test/user|test|{Now:O}", facts);
    }

    [Fact]
    public void Telling_null_is_rejected()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));

        Assert.Throws<ArgumentNullException>(() => echo.Tell(null!));
    }

    [Fact]
    public void Nobody_drops_messages_silently()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        ActorRefs.Nobody.Tell("void");

        Assert.Null(ActorRefs.NoSender);
        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message, Self));
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent() => Receive<string>(_ => { });
    }

    private sealed class Toggle : ReceiveActor
    {
        public Toggle() => Off();

        private void Off() => Receive<string>(s =>
        {
            Sender.Tell("off:" + s);
            Become(On);
        });

        private void On() => Receive<string>(s =>
        {
            Sender.Tell("on:" + s);
            Become(Off);
        });
    }

    private sealed class Ordered : ReceiveActor
    {
        public Ordered()
        {
            Receive<int>(n => n < 10, n => Sender.Tell($"small {n}"));
            Receive<int>(n => Sender.Tell($"int {n}"));
            ReceiveAny(o => Sender.Tell($"any {o}"));
        }
    }

    private sealed class LateRegistration : ReceiveActor
    {
        public LateRegistration() => Receive<string>(_ =>
        {
            try
            {
                Receive<int>(_ => { });
                Sender.Tell("registered");
            }
            catch (InvalidOperationException e)
            {
                Sender.Tell(e.GetType().Name);
            }
        });
    }

    private sealed class Introspective : ReceiveActor
    {
        public Introspective() => Receive<string>(_ =>
            Sender.Tell($"{Context.Self.Path}|{Context.Parent.Path}|{Context.System.Name}|{Context.TimeProvider.GetUtcNow():O}"));
    }
}
