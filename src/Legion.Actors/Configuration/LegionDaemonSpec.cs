namespace Legion.Actors.Configuration;

/// <summary>
/// A process kept running only on the Lord of its legion, as uWSGI 2.0's legion daemons (daemons.c,
/// <c>uwsgi_opt_add_daemon</c>): started when this node becomes Lord (once the <c>lord</c> actions have run),
/// stopped with SIGTERM when it stops being Lord, restarted if it dies while this node is Lord, never two copies.
/// <list type="bullet">
/// <item><c>legion-attach-daemon = LEGION COMMAND</c>: the command must stay in the foreground; its exit is noticed
/// at once.</item>
/// <item><c>legion-smart-attach-daemon = LEGION PIDFILE[,CHECKS] COMMAND</c>: the command daemonizes itself and
/// writes PIDFILE; the process named there is the daemon. A live pid already in PIDFILE is adopted rather than
/// started twice.</item>
/// <item><c>legion-smart-attach-daemon2 = LEGION PIDFILE[,CHECKS] COMMAND</c>: as the previous one, but the command
/// stays in the foreground and this node writes PIDFILE for it.</item>
/// </list>
/// </summary>
/// <param name="Command">The shell command (<c>/bin/sh -c</c>); never empty.</param>
/// <param name="PidFile">The pid file of a smart daemon; null for <c>legion-attach-daemon</c>.</param>
/// <param name="PidFileChecks">
/// For a smart daemon, how many one-second checks may find no live pid in <see cref="PidFile"/> after a start before
/// the daemon is considered dead and started again (uWSGI's <c>,FREQ</c> suffix, default 10).
/// </param>
/// <param name="WritePidFile">True for <c>legion-smart-attach-daemon2</c>: this node writes <see cref="PidFile"/>.</param>
/// <param name="Source">Where it was declared (<c>file:line</c> or option), for messages.</param>
public sealed record LegionDaemonSpec(string Command, string? PidFile = null, int PidFileChecks = LegionDaemonSpec.DefaultPidFileChecks,
    bool WritePidFile = false, string Source = "")
{
    /// <summary>uWSGI's default number of pid file checks before a smart daemon is restarted: 10.</summary>
    public const int DefaultPidFileChecks = 10;

    /// <summary>True for a smart daemon (tracked through its pid file).</summary>
    public bool IsSmart => PidFile is not null;

    /// <summary>The option that declares it, as uWSGI names it.</summary>
    public string Option => PidFile is null ? "legion-attach-daemon" : WritePidFile ? "legion-smart-attach-daemon2" : "legion-smart-attach-daemon";

    /// <summary>The command as configured.</summary>
    public override string ToString() => Command;
}
