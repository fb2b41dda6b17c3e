using System.Diagnostics;
using System.Globalization;

namespace Legion.Actors.Actions;

/// <summary>
/// Makes sure that no process this node starts (actions, alarms, cron tasks, Lord-only daemons, health checks)
/// outlives the node, whatever ends it, SIGKILL included: a Lord killed with <c>kill -9</c> must not leave its daemon
/// running beside the new Lord's copy, nor its <c>lord</c> action running after its successor's has started.
/// </summary>
/// <remarks>
/// One watcher process per node process, started with the first tracked child: <c>/bin/sh</c> reading pids from a pipe
/// whose only writer is this process (.NET opens its pipes close-on-exec, so no child inherits it). <c>+PID</c> adds
/// a pid, <c>-PID</c> removes it. When the pipe closes, which the kernel does however this process ends, the watcher
/// sends SIGTERM to each pid's process group (or to the process when it leads none), and SIGKILL one second later to
/// whatever is left. It ignores SIGINT, SIGTERM, SIGHUP and SIGQUIT, so a Ctrl-C to the terminal's process group does
/// not end it before it has done its work. On a normal stop every child was already stopped and removed, and the
/// watcher exits at once. Thread-safe.
/// </remarks>
internal static class ChildReaper
{
    private const string Script = """
        trap '' INT TERM HUP QUIT
        pids=''
        while IFS= read -r line; do
          case "$line" in
            +*) pids="$pids ${line#+}" ;;
            -*) kept=''; for q in $pids; do [ "$q" = "${line#-}" ] || kept="$kept $q"; done; pids=$kept ;;
          esac
        done
        [ -n "$pids" ] || exit 0
        for p in $pids; do kill -15 -$p 2>/dev/null || kill -15 $p 2>/dev/null; done
        sleep 1
        for p in $pids; do kill -9 -$p 2>/dev/null || kill -9 $p 2>/dev/null; done
        """;

    private static readonly Lock Gate = new();
    private static Process? _watcher;
    private static bool _failed;

    /// <summary>The watcher's pid once started; null before the first tracked child, or when it could not start.</summary>
    public static int? WatcherPid
    {
        get
        {
            lock (Gate)
            {
                return _watcher?.Id;
            }
        }
    }

    /// <summary>Ends <paramref name="pid"/> (its process group when it leads one) when this process ends.</summary>
    /// <param name="pid">A child's pid, or a daemon's pid read from its pid file.</param>
    public static void Track(int pid) => Write('+', pid);

    /// <summary>No longer ends <paramref name="pid"/>: it has exited, or was stopped (a pid may be reused afterwards).</summary>
    /// <param name="pid">A pid given to <see cref="Track"/>.</param>
    public static void Forget(int pid) => Write('-', pid);

    private static void Write(char sign, int pid)
    {
        if (pid <= 0)
        {
            return;
        }
        lock (Gate)
        {
            if (!EnsureWatcher())
            {
                return;
            }
            try
            {
                _watcher!.StandardInput.WriteLine(sign + pid.ToString(CultureInfo.InvariantCulture));
                _watcher.StandardInput.Flush();
            }
            catch (IOException)
            {
                // The watcher was killed from outside: start another for the children tracked from now on.
                _watcher!.Dispose();
                _watcher = null;
            }
        }
    }

    private static bool EnsureWatcher()
    {
        if (_watcher is { HasExited: false })
        {
            return true;
        }
        if (_failed)
        {
            return false;
        }
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        try
        {
            _watcher = Process.Start(start);
            return _watcher is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No /bin/sh: no shell command can run either; children started otherwise are stopped by their actors.
            _failed = true;
            return false;
        }
    }
}
