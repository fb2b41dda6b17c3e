using System.Runtime.InteropServices;

namespace Legion.Actors.Actors;

/// <summary>kill(2) for the Lord-only daemons: liveness checks and stop signals to a process group or a process.</summary>
internal static class UnixProcess
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    private const int EPERM = 1;

    /// <summary>True when a process with this pid exists (kill(pid, 0), as uWSGI's <c>uwsgi_check_pidfile</c>).</summary>
    public static bool IsAlive(int pid) => pid > 0 && (kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == EPERM);

    /// <summary>
    /// Sends <paramref name="signal"/> to the process group led by <paramref name="pid"/> (as uWSGI's
    /// <c>kill(-pid, stop_signal)</c>), or to the process alone when it leads no group.
    /// </summary>
    public static void Signal(int pid, int signal)
    {
        if (pid > 0 && kill(-pid, signal) != 0)
        {
            kill(pid, signal);
        }
    }

    /// <summary>The pid in a pid file (its first line, as uWSGI reads it with <c>atoi</c>), or null when the file is missing, empty or unreadable.</summary>
    public static int? ReadPidFile(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            var end = 0;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
            return end > 0 && int.TryParse(text.AsSpan(0, end), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid > 0
                ? pid
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
