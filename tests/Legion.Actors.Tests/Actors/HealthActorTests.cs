using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Legion.Actors.Tests.Health;

namespace Legion.Actors.Tests.Actors;

/// <summary>The <c>health</c> actor's timing in virtual time, with scripted check results.</summary>
public sealed class HealthActorTests : LegionActorTestKit
{
    private readonly ScriptedHealthRunner _runner = new();

    public HealthActorTests(Xunit.Abstractions.ITestOutputHelper output)
        : base(loggerFactory: new XunitLoggerFactory(output))
    {
    }

    private IActorRef Start(params string[] checks)
    {
        var settings = new LegionSettings
        {
            Definition = new LegionDefinition
            {
                Name = "web", Address = NodeAddress.Udp("10.0.0.1", 4242), Valor = 90, Cipher = "aes-128-cbc", Secret = "s3cret",
                HealthChecks = checks.Select(c => LegionHealthCheckSpec.Parse(c)).ToArray(),
            },
            Self = new NodeIdentity("a", 1, 90, Model.ModelFixtures.Uuid(1)),
            Cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null),
        };
        return Sys.ActorOfStarted(HealthActor.Props(settings, TestActor, _runner), "health");
    }

    /// <summary>The next report that changes the verdict of <paramref name="label"/>, and when it came.</summary>
    private (HealthTransition Transition, TimeSpan At) NextTransition(string label, DateTimeOffset since, TimeSpan within)
    {
        var report = FishForMessage<HealthReport>(r => r.Transition?.Check.Check.Label == label, within);
        return (report.Transition!, Now - since);
    }

    /// <summary>The next report of a new result of <paramref name="label"/> (reports go out the moment a result is recorded).</summary>
    private (LegionHealthCheckStatus Status, TimeSpan At) NextResult(string label, DateTimeOffset since, TimeSpan within)
    {
        var report = FishForMessage<HealthReport>(r => r.Checks.Single(c => c.Check.Label == label).LastResultAt == Now, within);
        return (report.Checks.Single(c => c.Check.Label == label), Now - since);
    }

    [Fact]
    public void The_first_run_starts_at_once_and_each_next_one_an_interval_after_the_previous_started()
    {
        var start = Now;
        Start("name=db interval=5s timeout=1s cmd:true");

        var (first, at) = NextTransition("db", start, TimeSpan.Zero);
        Assert.Equal((HealthState.Unknown, HealthState.Healthy), (first.From, first.Check.State.State));
        Assert.Equal(TimeSpan.Zero, at);

        ExpectNoMsg(TimeSpan.FromSeconds(4.9));
        var (second, secondAt) = NextResult("db", start, TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(5), secondAt);
        Assert.Equal(2, second.Runs);
        var (_, thirdAt) = NextResult("db", start, TimeSpan.FromSeconds(6));
        Assert.Equal(TimeSpan.FromSeconds(10), thirdAt);
        Assert.Equal(3, _runner.Started("db"));
    }

    [Fact]
    public void A_healthy_check_fails_only_after_fall_failures_in_a_row_and_recovers_only_after_rise_passes()
    {
        var start = Now;
        Start("name=db interval=5s timeout=1s rise=2 fall=3 cmd:true");
        NextTransition("db", start, TimeSpan.Zero);

        _runner.Set("db", ScriptedOutcome.Fail);
        var (failing, failedAt) = NextTransition("db", start, TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(15), failedAt); // runs at 5, 10, 15 failed
        Assert.Equal(new HealthCheckState(HealthState.Failing, 0, 3), failing.Check.State);
        Assert.Equal("scripted failure", failing.Check.LastResult!.Detail);

        _runner.Set("db", ScriptedOutcome.Pass);
        var (healthy, healthyAt) = NextTransition("db", start, TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(25), healthyAt); // runs at 20, 25 passed
        Assert.Equal(HealthState.Failing, healthy.From);
        Assert.Equal((6, 3L), (healthy.Check.Runs, healthy.Check.FailedRuns));
    }

    [Fact]
    public void A_run_over_its_timeout_counts_as_failed_at_the_timeout_and_is_cancelled()
    {
        _runner.Set("db", ScriptedOutcome.Hang);
        var start = Now;
        Start("name=db interval=5s timeout=2s cmd:sleep 60");

        var (failing, at) = NextTransition("db", start, TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(2), at);
        Assert.Equal(HealthState.Failing, failing.Check.State.State);
        Assert.Equal("timed out after 2s", failing.Check.LastResult!.Detail);
        RunUntilIdle();
        Assert.Equal(0, _runner.Running("db"));
        var late = FishForMessage<HealthReport>(r => !r.Checks[0].Running, TimeSpan.Zero);
        Assert.Equal(1, late.Checks[0].Runs); // the cancelled run's own ending is not a second result
    }

    [Fact]
    public void A_run_that_cannot_be_killed_is_never_overlapped_and_every_due_run_counts_as_failed_meanwhile()
    {
        _runner.Set("db", ScriptedOutcome.Stuck);
        var start = Now;
        Start("name=db interval=5s timeout=2s fall=3 cmd:sleep 60");

        Advance(TimeSpan.FromSeconds(11));
        var reports = ReceiveWhile(TimeSpan.Zero).OfType<HealthReport>().ToList();
        Assert.Equal(
            ["timed out after 2s", "still running after 5s, over its timeout 2s; not started again", "still running after 10s, over its timeout 2s; not started again"],
            reports.Select(r => r.Checks[0].LastResult!.Detail));
        Assert.Equal(1, _runner.Started("db"));
        Assert.True(reports[^1].Checks[0].Running);

        _runner.Set("db", ScriptedOutcome.Pass);
        _runner.Release("db");
        var (status, at) = NextResult("db", start, TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(15), at); // the late pass was not counted; the next due run started
        Assert.Equal(4, status.Runs);
        Assert.Equal("scripted pass", status.LastResult!.Detail);
        Assert.Equal(1, _runner.MostAtOnce("db"));
    }

    [Fact]
    public void Each_check_keeps_its_own_schedule_and_verdict()
    {
        _runner.Set("slow", ScriptedOutcome.Fail);
        var start = Now;
        Start("name=fast interval=1s fall=1 cmd:true", "name=slow interval=4s fall=1 penalty=10 cmd:false");

        Advance(TimeSpan.FromSeconds(8.5));

        var last = ReceiveWhile(TimeSpan.Zero).OfType<HealthReport>().Last();
        Assert.Equal([9L, 3L], last.Checks.Select(c => c.Runs));
        Assert.Equal([HealthState.Healthy, HealthState.Failing], last.Checks.Select(c => c.State.State));
        Assert.Equal([HealthPenalty.None, HealthPenalty.Of(10)], last.Checks.Select(c => c.CurrentPenalty));
    }

    [Fact]
    public void Stopping_the_actor_cancels_the_run_in_progress()
    {
        _runner.Set("db", ScriptedOutcome.Hang);
        var health = Start("name=db interval=5s timeout=2s cmd:sleep 60");
        RunUntilIdle();
        Assert.Equal(1, _runner.Running("db"));

        StopNow(health);
        RunUntilIdle();

        Assert.Equal(0, _runner.Running("db"));
    }
}
