using Akka.Event;
using System.Diagnostics;
using System.Globalization;
using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// Keeps one Lord-only daemon running exactly while this node may do Lord-only work, as uWSGI 2.0's legion daemons
/// (daemons.c, <c>uwsgi_daemons_smart_check</c>, <c>uwsgi_daemon_check_pid_reload</c>): started on
/// <see cref="LordshipChanged"/>(true) with <c>/bin/sh -c</c> in a session of its own; sent SIGTERM (its whole process
/// group) on <see cref="LordshipChanged"/>(false), again every second until it is gone; started again, throttled as
/// <see cref="DaemonRespawn"/>, if it dies while this node is Lord; never started while a copy is still alive; a
/// start that fails (fork refused, say) is tried again at the next check. A smart daemon is tracked through its pid
/// file, checked every second: a live pid there is adopted rather than started twice, and a start that never produces
/// one is retried after the configured number of checks. When the legion stops, the daemon gets SIGTERM and, 3 s
/// later, SIGKILL (uWSGI's default reload mercy).
/// </summary>
internal sealed class DaemonActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopMercy = TimeSpan.FromSeconds(3);

    private readonly LegionSettings _settings;
    private readonly LegionDaemonSpec _spec;
    private readonly int _index;
    private Process? _child;
    private int? _pid;
    private bool _lord;
    private bool _launching;
    private bool _monitored;
    private bool _respawnPending;
    private int _misses;
    private int _starts;
    private long? _lastStart;
    private DateTimeOffset? _lastStartWall;

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion.</param>
    /// <param name="index">The daemon's position in <see cref="LegionDefinition.Daemons"/>.</param>
    public DaemonActor(LegionSettings settings, int index)
    {
        _settings = settings;
        _index = index;
        _spec = settings.Definition.Daemons[index];
        Receive<LordshipChanged>(OnLordship);
        Receive<DaemonCheck>(_ => Check());
        Receive<DaemonRespawnDue>(_ =>
        {
            _respawnPending = false;
            EnsureRunning();
        });
        Receive<DaemonProcessExited>(OnExited);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings, int index) => LegionProps.Create(() => new DaemonActor(settings, index));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(DaemonCheck.Instance, DaemonCheck.Instance, CheckInterval);
        if (_spec.IsSmart && UnixProcess.ReadPidFile(_spec.PidFile!) is { } pid && UnixProcess.IsAlive(pid))
        {
            // As uWSGI at startup: remember a live daemon from the pid file, so becoming Lord adopts it.
            Context.Log.Info("Found a live pid {Pid} in {PidFile} for daemon '{Command}' of legion {Legion}", pid, _spec.PidFile, _spec.Command, _settings.Name);
        }
        Context.Parent.Tell(DaemonReady.Instance);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        int? pid = CurrentPid();
        if (pid is { } alive && UnixProcess.IsAlive(alive))
        {
            Context.Log.Info("Stopping daemon '{Command}' of legion {Legion} (pid {Pid})", _spec.Command, _settings.Name, alive);
            UnixProcess.Signal(alive, UnixProcess.SIGTERM);
            // A real process is waited for in real time: the TimeProvider may be virtual, and nothing advances it here.
            var deadline = Stopwatch.StartNew();
            while (UnixProcess.IsAlive(alive) && (_child is null || !_child.HasExited) && deadline.Elapsed < StopMercy)
            {
                Thread.Sleep(50);
            }
            if (UnixProcess.IsAlive(alive) && (_child is null || !_child.HasExited))
            {
                Context.Log.Warning("Daemon '{Command}' of legion {Legion} did not stop in {Mercy}: killing it (pid {Pid})", _spec.Command, _settings.Name, StopMercy, alive);
                UnixProcess.Signal(alive, UnixProcess.SIGKILL);
            }
        }
        if (pid is { } stopped && !UnixProcess.IsAlive(stopped))
        {
            ChildReaper.Forget(stopped);
        }
        _child?.Dispose();
    }

    private void OnLordship(LordshipChanged changed)
    {
        _lord = changed.IsLord;
        if (_lord)
        {
            EnsureRunning();
        }
        else
        {
            StopDaemon();
        }
    }

    private void EnsureRunning()
    {
        if (!_lord || _respawnPending || _launching || Alive())
        {
            return;
        }
        if (_spec.IsSmart && UnixProcess.ReadPidFile(_spec.PidFile!) is { } existing && UnixProcess.IsAlive(existing))
        {
            Adopt(existing, adopted: true);
            return;
        }
        var delay = DaemonRespawn.Delay(_starts, _lastStart is { } last ? Context.TimeProvider.GetElapsedTime(last) : null);
        if (delay > TimeSpan.Zero)
        {
            Context.Log.Warning("Daemon '{Command}' of legion {Legion} died soon after its start: starting it again in {Delay}", _spec.Command, _settings.Name, delay);
            _respawnPending = true;
            Timers.StartSingleTimer(DaemonRespawnDue.Instance, DaemonRespawnDue.Instance, delay);
            return;
        }
        Spawn();
    }

    private void Spawn()
    {
        var context = new LegionActionContext(_settings.Name, LegionEvent.Lord, _settings.Self, _settings.Self.AsVote, null,
            Context.System.LoggerFactory.CreateLogger("Legion.Daemons"));
        Process child;
        try
        {
            child = ShellProcess.Start("/bin/sh", _spec.Command, ShellCommandAction.Environment(context), context.Logger,
                $"{_settings.Name} daemon {_index + 1}", newSession: true);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Context.Log.Error("Cannot start daemon '{Command}' of legion {Legion}: {Error}", _spec.Command, _settings.Name, ex.Message);
            return;
        }
        _child = child;
        _starts++;
        _lastStart = Context.TimeProvider.GetTimestamp();
        _lastStartWall = Context.TimeProvider.GetUtcNow();
        int pid = child.Id;
        var self = Self;
        child.EnableRaisingEvents = true;
        child.Exited += (_, _) => self.Tell(new DaemonProcessExited(pid));
        if (child.HasExited)
        {
            Self.Tell(new DaemonProcessExited(pid));
        }
        Context.Log.Info("{Verb} daemon '{Command}' of legion {Legion} (pid {Pid})", _starts > 1 ? "Restarted" : "Started", _spec.Command, _settings.Name, pid);
        if (!_spec.IsSmart || _spec.WritePidFile)
        {
            if (_spec.WritePidFile)
            {
                WritePidFile(pid);
            }
            _pid = pid;
            Context.System.EventStream.Publish(new LegionDaemonStarted(_settings.Name, _spec, pid, Adopted: false));
        }
        else
        {
            // The command daemonizes: the daemon is whoever its pid file names once it appears.
            _launching = true;
            _misses = 0;
            _pid = null;
        }
        Report();
    }

    private void Adopt(int pid, bool adopted)
    {
        // A daemon that daemonized (or one adopted from its pid file) is not this node's child: end it with the node too.
        ChildReaper.Track(pid);
        _pid = pid;
        _launching = false;
        _monitored = true;
        _misses = 0;
        if (adopted)
        {
            Context.Log.Info("Daemon '{Command}' of legion {Legion} already runs (pid {Pid} in {PidFile}): not starting another copy", _spec.Command, _settings.Name, pid, _spec.PidFile);
        }
        Context.System.EventStream.Publish(new LegionDaemonStarted(_settings.Name, _spec, pid, adopted));
        Report();
    }

    private void Check()
    {
        if (!_lord)
        {
            // As uWSGI: keep asking a daemon that outlived the unlord to stop, every second.
            if (CurrentPid() is { } lingering && UnixProcess.IsAlive(lingering))
            {
                UnixProcess.Signal(lingering, UnixProcess.SIGTERM);
            }
            return;
        }
        if (!_spec.IsSmart || _spec.WritePidFile && _child is not null)
        {
            if (_child is null && _pid is null)
            {
                // No copy known: the last start failed (fork refused, say). An exit is handled by OnExited instead.
                EnsureRunning();
            }
            return;
        }
        var pid = UnixProcess.ReadPidFile(_spec.PidFile!);
        if (pid is { } live && UnixProcess.IsAlive(live))
        {
            if (_pid != live)
            {
                Adopt(live, adopted: false);
            }
            _monitored = true;
            return;
        }
        if (_monitored)
        {
            Context.Log.Warning("Daemon '{Command}' of legion {Legion} is gone (no live pid in {PidFile}): starting it again", _spec.Command, _settings.Name, _spec.PidFile);
            Publish(_pid ?? 0, whileLord: true);
            ChildReaper.Forget(_pid ?? 0);
            _monitored = false;
            _pid = null;
            Report();
            EnsureRunning();
        }
        else if (_launching && ++_misses >= _spec.PidFileChecks)
        {
            Context.Log.Warning("Daemon '{Command}' of legion {Legion} wrote no live pid to {PidFile} in {Checks} checks: starting it again", _spec.Command, _settings.Name, _spec.PidFile, _misses);
            _launching = false;
            EnsureRunning();
        }
        else if (!_launching)
        {
            EnsureRunning();
        }
    }

    private void OnExited(DaemonProcessExited exited)
    {
        if (_child is null || _child.Id != exited.Pid)
        {
            return;
        }
        int? code = _child.HasExited ? _child.ExitCode : null;
        _child.Dispose();
        _child = null;
        if (_spec.IsSmart && !_spec.WritePidFile)
        {
            // The launcher of a self-daemonizing command exits once the daemon has forked away: expected.
            if (code is not null and not 0)
            {
                Context.Log.Warning("The command of daemon '{Command}' of legion {Legion} exited with {ExitCode}", _spec.Command, _settings.Name, code);
            }
            return;
        }
        _pid = null;
        Publish(exited.Pid, whileLord: _lord);
        Report();
        if (_lord)
        {
            Context.Log.Warning("Daemon '{Command}' of legion {Legion} (pid {Pid}) exited with {ExitCode} while this node is Lord: starting it again",
                _spec.Command, _settings.Name, exited.Pid, code?.ToString(CultureInfo.InvariantCulture) ?? "a signal");
            EnsureRunning();
        }
        else
        {
            Context.Log.Info("Daemon '{Command}' of legion {Legion} (pid {Pid}) stopped", _spec.Command, _settings.Name, exited.Pid);
        }
    }

    private void StopDaemon()
    {
        Timers.Cancel(DaemonRespawnDue.Instance);
        _respawnPending = false;
        _launching = false;
        _monitored = false;
        if (CurrentPid() is { } pid && UnixProcess.IsAlive(pid))
        {
            Context.Log.Info("Stopping daemon '{Command}' of legion {Legion} (pid {Pid}): this node is no longer Lord", _spec.Command, _settings.Name, pid);
            UnixProcess.Signal(pid, UnixProcess.SIGTERM);
        }
        if (_spec.IsSmart && !_spec.WritePidFile && _pid is { } smart)
        {
            // Its exit is seen through the pid file only: report it gone once it is.
            Publish(smart, whileLord: false);
            _pid = null;
            Report();
        }
    }

    private bool Alive() =>
        _child is { HasExited: false } || (_pid is { } pid && UnixProcess.IsAlive(pid));

    private int? CurrentPid() => _child is { HasExited: false } child ? child.Id : _pid;

    private void WritePidFile(int pid)
    {
        try
        {
            File.WriteAllText(_spec.PidFile!, pid.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Context.Log.Error("Cannot write pid file {PidFile} of daemon '{Command}' of legion {Legion}: {Error}", _spec.PidFile, _spec.Command, _settings.Name, ex.Message);
        }
    }

    private void Publish(int pid, bool whileLord) =>
        Context.System.EventStream.Publish(new LegionDaemonExited(_settings.Name, _spec, pid, whileLord));

    private void Report() =>
        Context.Parent.Tell(new DaemonReport(_index, new LegionDaemonStatus(_spec, _pid, _starts, _lastStartWall)));
}
