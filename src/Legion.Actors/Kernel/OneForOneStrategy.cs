namespace Legion.Actors.Kernel;

/// <summary>
/// Applies the directive to the failing child only (as Akka.NET's <c>OneForOneStrategy</c>). A child restarted
/// more than <see cref="MaxNumberOfRetries"/> times within <see cref="WithinTimeRange"/> is stopped instead.
/// Immutable and thread-safe.
/// </summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed per window; -1 means unlimited, 0 means stop at once.</param>
    /// <param name="withinTimeRange">
    /// The window, measured on the system's <see cref="TimeProvider"/>, starting at the first restart after the
    /// previous window ended; zero or <see cref="Timeout.InfiniteTimeSpan"/> means one window forever.
    /// </param>
    /// <param name="decider">Maps an exception to a directive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="decider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNrOfRetries"/> is below -1.</exception>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNrOfRetries, -1);
        MaxNumberOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>Creates a strategy with unlimited restarts.</summary>
    /// <param name="decider">Maps an exception to a directive.</param>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    /// <summary>Restarts allowed per window; -1 means unlimited.</summary>
    public int MaxNumberOfRetries { get; }

    /// <summary>The restart-counting window; zero or infinite means no window.</summary>
    public TimeSpan WithinTimeRange { get; }

    /// <summary>Maps an exception to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <inheritdoc/>
    public override Directive Decide(Exception cause) => Decider(cause);

    internal override bool RequestRestartPermission(ActorCell child, TimeProvider clock)
    {
        if (MaxNumberOfRetries < 0)
        {
            return true;
        }

        var now = clock.GetTimestamp();
        var windowed = WithinTimeRange > TimeSpan.Zero && WithinTimeRange != Timeout.InfiniteTimeSpan;
        if (child.RestartCount == 0 || (windowed && clock.GetElapsedTime(child.RestartWindowStart, now) > WithinTimeRange))
        {
            child.RestartWindowStart = now;
            child.RestartCount = 0;
        }

        return ++child.RestartCount <= MaxNumberOfRetries;
    }
}
