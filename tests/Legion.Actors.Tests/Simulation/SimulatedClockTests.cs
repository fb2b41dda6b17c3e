using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Simulation;

namespace Legion.Actors.Tests.Simulation;

/// <summary>One machine's clock on the simulation's shared clock: offset, jumps, drift, and paused timers.</summary>
public sealed class SimulatedClockTests
{
    private readonly VirtualTimeProvider _shared = new();

    [Fact]
    public void Without_error_it_reads_the_shared_clock_exactly()
    {
        var clock = new SimulatedClock(_shared);
        _shared.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(_shared.GetUtcNow(), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(90), clock.GetElapsedTime(0));
        Assert.Equal(TimeSpan.Zero, clock.Error);
    }

    [Fact]
    public void An_offset_or_a_jump_moves_the_wall_clock_but_neither_the_monotonic_clock_nor_a_timer()
    {
        var clock = new SimulatedClock(_shared);
        var fired = new List<TimeSpan>();
        var started = clock.GetTimestamp();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetElapsedTime(started)), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.Offset = TimeSpan.FromMinutes(-5);
        clock.Jump(TimeSpan.FromHours(1));
        _shared.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(_shared.GetUtcNow() + TimeSpan.FromMinutes(55), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(55), clock.Error);
        Assert.Equal([TimeSpan.FromSeconds(10)], fired);
    }

    [Fact]
    public void A_fast_clock_gains_time_and_fires_its_timers_early_in_shared_time()
    {
        var clock = new SimulatedClock(_shared) { Drift = 2.0 };
        var firedAt = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => firedAt.Add(_shared.GetUtcNow()), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

        _shared.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(12), clock.Error);
        Assert.Equal([VirtualTimeProvider.DefaultStart.AddSeconds(5), VirtualTimeProvider.DefaultStart.AddSeconds(10)], firedAt);
    }

    [Fact]
    public void Changing_the_drift_keeps_the_local_time_a_pending_timer_has_left()
    {
        var clock = new SimulatedClock(_shared);
        var firedAt = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => firedAt.Add(_shared.GetUtcNow()), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        _shared.Advance(TimeSpan.FromSeconds(4));
        clock.Drift = 0.5; // 6 local seconds left take 12 shared seconds
        _shared.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal([VirtualTimeProvider.DefaultStart.AddSeconds(16)], firedAt);
        Assert.Equal(TimeSpan.FromSeconds(-10), clock.Error);
    }

    [Fact]
    public void Timers_that_fall_due_while_frozen_fire_once_each_on_thaw()
    {
        var clock = new SimulatedClock(_shared);
        var ticks = 0;
        var once = 0;
        using var periodic = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        using var single = clock.CreateTimer(_ => once++, null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        clock.Freeze();
        _shared.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((0, 0), (ticks, once));

        clock.Thaw();
        Assert.Equal((1, 1), (ticks, once));
        _shared.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, ticks);
    }

    [Fact]
    public void A_disposed_process_leaves_no_timer_behind()
    {
        var clock = new SimulatedClock(_shared);
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.DisposeTimers();
        _shared.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, fired);
        Assert.Null(_shared.NextTimerDue);
        Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.Zero));
    }

    [Fact]
    public void A_drift_that_is_not_a_positive_ratio_is_refused()
    {
        var clock = new SimulatedClock(_shared);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Drift = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Drift = double.NaN);
    }
}
