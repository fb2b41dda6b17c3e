using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Simulation;

namespace Legion.Actors.Tests.Simulation;

public sealed class VirtualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Starts_at_2000_01_01_UTC_by_default()
    {
        var clock = new VirtualTimeProvider();

        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);
    }

    [Fact]
    public void Starts_at_the_given_time_converted_to_UTC()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2024, 5, 1, 14, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal(Start, clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
    }

    [Fact]
    public void Time_moves_only_when_advanced()
    {
        var clock = new VirtualTimeProvider(Start);
        var before = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(Start.AddMilliseconds(1500), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMilliseconds(1500), clock.GetElapsedTime(before));
    }

    [Fact]
    public void Timers_fire_in_due_order_with_the_clock_at_their_due_time()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow() - Start)), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow() - Start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([("early", TimeSpan.FromSeconds(1)), ("late", TimeSpan.FromSeconds(3))], fired);
        Assert.Equal(Start.AddSeconds(5), clock.GetUtcNow());
    }

    [Fact]
    public void Timers_due_at_the_same_time_fire_in_creation_order()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = new List<int>();
        var timers = Enumerable.Range(0, 10)
            .Select(i => clock.CreateTimer(_ => fired.Add(i), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan))
            .ToList();

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Enumerable.Range(0, 10), fired);
        timers.ForEach(t => t.Dispose());
    }

    [Fact]
    public void A_periodic_timer_fires_at_a_fixed_rate()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = new List<double>();
        using var timer = clock.CreateTimer(_ => fired.Add((clock.GetUtcNow() - Start).TotalSeconds), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal([1.0, 3.0, 5.0], fired);
        Assert.Equal(Start.AddSeconds(7), clock.NextTimerDue);
    }

    [Fact]
    public void A_disposed_or_disarmed_timer_does_not_fire()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = 0;
        var disposed = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var disarmed = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        disposed.Dispose();
        Assert.True(disarmed.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
        Assert.Null(clock.NextTimerDue);
        Assert.False(disposed.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Change_reschedules_relative_to_now()
    {
        var clock = new VirtualTimeProvider(Start);
        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(10));

        timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        Assert.Equal(Start.AddSeconds(15), clock.NextTimerDue);
    }

    [Fact]
    public void A_timer_due_now_fires_on_a_zero_advance()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = false;
        using var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.Zero);

        Assert.True(fired);
    }

    [Fact]
    public void A_timer_callback_can_create_timers_that_fire_in_the_same_advance()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = new List<double>();
        using var outer = clock.CreateTimer(
            _ => clock.CreateTimer(_ => fired.Add((clock.GetUtcNow() - Start).TotalSeconds), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan),
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal([2.0], fired);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var clock = new VirtualTimeProvider(Start);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(-2), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Timers_can_be_created_from_many_threads_at_once()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = 0;

        Parallel.For(0, 1000, i => clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMilliseconds(i), Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1000, fired);
    }
}
