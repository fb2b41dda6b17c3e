namespace Legion.Actors.Model;

/// <summary>
/// How long to wait before starting a Lord-only daemon again, as uWSGI 2.0 throttles respawns (daemons.c,
/// <c>uwsgi_spawn_daemon</c>): a daemon that last started more than 3 s ago starts at once; one that dies sooner is
/// delayed by its number of starts so far minus the seconds since its last start, at least 1 s and at most 300 s, so
/// a daemon that keeps crashing is retried ever more slowly instead of in a tight loop. Pure.
/// </summary>
internal static class DaemonRespawn
{
    /// <summary>A daemon that ran at least this long (uWSGI: more than 3 whole seconds) restarts without delay.</summary>
    public static readonly TimeSpan QuickDeath = TimeSpan.FromSeconds(3);

    /// <summary>The longest delay (uWSGI's 5 minutes).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(300);

    /// <summary>The delay before the next start.</summary>
    /// <param name="startsSoFar">How many times the daemon was started while this node was Lord (uWSGI's <c>respawns</c>).</param>
    /// <param name="sinceLastStart">Time since the last start; null if it never started.</param>
    public static TimeSpan Delay(int startsSoFar, TimeSpan? sinceLastStart)
    {
        if (sinceLastStart is not { } since || since > QuickDeath)
        {
            return TimeSpan.Zero;
        }

        var seconds = startsSoFar - (long)since.TotalSeconds;
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, (long)MaxDelay.TotalSeconds));
    }
}
