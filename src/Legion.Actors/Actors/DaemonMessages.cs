using Legion.Actors.Configuration;

namespace Legion.Actors.Actors;

/// <summary>Published on the EventStream when a Lord-only daemon is started (or a running one adopted from its pid file).</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Daemon">The daemon.</param>
/// <param name="Pid">Its process id (for a smart daemon, known once its pid file names it; 0 until then).</param>
/// <param name="Adopted">True when an already running copy named in the pid file was adopted instead of starting another.</param>
internal sealed record LegionDaemonStarted(string Legion, LegionDaemonSpec Daemon, int Pid, bool Adopted);

/// <summary>Published on the EventStream when a Lord-only daemon's process is gone (stopped on unlord, or died).</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Daemon">The daemon.</param>
/// <param name="Pid">The process id it had.</param>
/// <param name="WhileLord">True when it died while this node was still Lord (it is then started again).</param>
internal sealed record LegionDaemonExited(string Legion, LegionDaemonSpec Daemon, int Pid, bool WhileLord);

/// <summary>From the daemons actor to its supervisor: the state of every daemon of the legion, after a change.</summary>
/// <param name="Daemons">One entry per daemon, in declaration order.</param>
internal sealed record DaemonStatusChanged(IReadOnlyList<LegionDaemonStatus> Daemons);

/// <summary>Internal: from a daemon actor to the daemons actor.</summary>
internal sealed record DaemonReport(int Index, LegionDaemonStatus Status);

/// <summary>Internal: from a daemon actor that (re)started to the daemons actor, which replies with the current lordship.</summary>
internal sealed record DaemonReady
{
    public static DaemonReady Instance { get; } = new();
}

/// <summary>Internal timer message of <see cref="DaemonActor"/>: the once-a-second check (uWSGI's master cycle).</summary>
internal sealed record DaemonCheck
{
    public static DaemonCheck Instance { get; } = new();
}

/// <summary>Internal timer message of <see cref="DaemonActor"/>: a throttled restart is due.</summary>
internal sealed record DaemonRespawnDue
{
    public static DaemonRespawnDue Instance { get; } = new();
}

/// <summary>Internal to <see cref="DaemonActor"/>: a process it started has exited.</summary>
internal sealed record DaemonProcessExited(int Pid);
