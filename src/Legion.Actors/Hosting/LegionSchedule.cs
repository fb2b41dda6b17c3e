namespace Legion.Actors.Hosting;

/// <summary>
/// When a <see cref="LordOnlyJob"/> runs. Immutable and thread-safe. uWSGI's <c>legion-cron</c> fields
/// (<c>MIN HOUR DAY MONTH WEEKDAY</c>) map to <see cref="Custom"/> with a cron library of your choice;
/// <see cref="Every"/> covers "every N minutes".
/// </summary>
public sealed class LegionSchedule
{
    private readonly Func<DateTimeOffset, DateTimeOffset> _next;
    private readonly string _description;

    private LegionSchedule(Func<DateTimeOffset, DateTimeOffset> next, string description)
    {
        _next = next;
        _description = description;
    }

    /// <summary>
    /// At every whole multiple of <paramref name="period"/> since the Unix epoch, on the wall clock (every minute at
    /// :00 for one minute, as cron), so an old and a new Lord share the same rhythm.
    /// </summary>
    /// <param name="period">Positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is not positive.</exception>
    public static LegionSchedule Every(TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return new LegionSchedule(after =>
        {
            long ticks = (after - DateTimeOffset.UnixEpoch).Ticks;
            long next = (Math.DivRem(ticks, period.Ticks, out _) + 1) * period.Ticks;
            return DateTimeOffset.UnixEpoch.AddTicks(next);
        }, $"every {period}");
    }

    /// <summary>Any schedule: <paramref name="next"/> returns the first time strictly after its argument.</summary>
    /// <param name="next">The next occurrence after a given time.</param>
    /// <param name="description">For logs, e.g. the cron expression.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static LegionSchedule Custom(Func<DateTimeOffset, DateTimeOffset> next, string description)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(description);
        return new LegionSchedule(next, description);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    /// <param name="after">A time.</param>
    /// <exception cref="InvalidOperationException">A custom schedule returned a time not after <paramref name="after"/>.</exception>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var next = _next(after);
        return next > after ? next : throw new InvalidOperationException($"schedule '{_description}' returned {next:O}, not after {after:O}");
    }

    /// <summary>The description.</summary>
    public override string ToString() => _description;
}
