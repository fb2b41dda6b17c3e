namespace Legion.Actors.Model;

/// <summary>
/// How many member join/leave/death lines one legion logs one by one: at most <see cref="PerWindow"/> in every
/// <see cref="Window"/> (<c>legion.membership.churn-log</c> in the system's config); the rest are only counted, and the next line logged after the window says how many were left
/// out. A churning or hostile legion (forged uuids filling the member table, each expiring a tolerance later) so writes
/// a bounded number of lines, while events, actions and metrics still see every member. Immutable and pure: time comes
/// in as an argument. An extension: uWSGI 2.0 logs every one.
/// </summary>
internal sealed record ChurnLogBudget
{
    /// <summary>Lines logged one by one per window unless configured: 50 (a legion of 50 starting together logs every join).</summary>
    public const int DefaultPerWindow = 50;

    /// <summary>The window unless configured: 10 s (as the drop-count log lines).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    /// <summary>A fresh budget of <see cref="DefaultPerWindow"/> lines per <see cref="DefaultWindow"/>.</summary>
    public static ChurnLogBudget Initial { get; } = new();

    /// <summary>A fresh budget of <paramref name="perWindow"/> lines per <paramref name="window"/>.</summary>
    /// <param name="perWindow">Lines logged one by one per window (at least 1).</param>
    /// <param name="window">The window (positive).</param>
    /// <returns>The budget.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public static ChurnLogBudget Create(int perWindow, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        return new ChurnLogBudget { PerWindow = perWindow, Window = window };
    }

    /// <summary>Lines logged one by one per window.</summary>
    public int PerWindow { get; private init; } = DefaultPerWindow;

    /// <summary>The window.</summary>
    public TimeSpan Window { get; private init; } = DefaultWindow;

    /// <summary>Start of the current window (local monotonic time); null before the first line.</summary>
    public TimeSpan? WindowStart { get; init; }

    /// <summary>Lines logged in the current window.</summary>
    public int Logged { get; init; }

    /// <summary>Lines left out since the last summary.</summary>
    public long Suppressed { get; init; }

    /// <summary>
    /// Takes one line at <paramref name="now"/>: whether to log it, and how many lines were left out before it (to say
    /// so with it; 0 when none).
    /// </summary>
    /// <param name="now">Local monotonic time.</param>
    /// <returns>The new budget, whether to log, and the lines left out since the last one logged.</returns>
    public (ChurnLogBudget Budget, bool Log, long LeftOut) Take(TimeSpan now)
    {
        var budget = WindowStart is { } start && now - start < Window ? this : this with { WindowStart = now, Logged = 0 };
        if (budget.Logged >= PerWindow)
        {
            return (budget with { Suppressed = budget.Suppressed + 1 }, false, 0);
        }
        return (budget with { Logged = budget.Logged + 1, Suppressed = 0 }, true, budget.Suppressed);
    }
}
