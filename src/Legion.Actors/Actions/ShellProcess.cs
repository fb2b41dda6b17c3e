using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>
/// Starts <c>/bin/sh -c COMMAND</c> the way every shell-running feature here needs it (actions, alarms, cron tasks,
/// daemons): extra environment variables, standard output and error logged line by line, optional standard input,
/// optionally in a session of its own (so a stop signal reaches the whole process group, as uWSGI's daemons get
/// with <c>setsid()</c>), killed with its whole process tree on cancellation, and ended when this node ends, however it
/// ends (<see cref="ChildReaper"/>).
/// </summary>
internal static class ShellProcess
{
    private const string SetSid = "/usr/bin/setsid";

    /// <summary>Starts the command.</summary>
    /// <param name="shell">The shell, e.g. <c>/bin/sh</c>.</param>
    /// <param name="command">The command for <c>-c</c>.</param>
    /// <param name="environment">Variables added to the inherited environment.</param>
    /// <param name="logger">Receives the output lines.</param>
    /// <param name="label">Prefix of the output lines, e.g. <c>web lord</c>.</param>
    /// <param name="standardInput">Written to the command's standard input, which is then closed; null for an empty input.</param>
    /// <param name="newSession">True to run it in a new session and process group (via <c>setsid</c> when installed).</param>
    /// <param name="outputLevel">
    /// The level of the output lines (default Information, with standard error lines at Warning); any other level is
    /// used for both streams (health checks log theirs at Debug).
    /// </param>
    /// <exception cref="System.ComponentModel.Win32Exception">The shell cannot be started.</exception>
    public static Process Start(string shell, string command, IReadOnlyDictionary<string, string> environment, ILogger logger, string label,
        string? standardInput = null, bool newSession = false, LogLevel outputLevel = LogLevel.Information)
    {
        var errorLevel = outputLevel == LogLevel.Information ? LogLevel.Warning : outputLevel;
        var useSetSid = newSession && File.Exists(SetSid);
        var start = new ProcessStartInfo(useSetSid ? SetSid : shell)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (useSetSid)
        {
            start.ArgumentList.Add(shell);
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) logger.Log(outputLevel, "[{Label}] {Output}", label, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logger.Log(errorLevel, "[{Label}] {Output}", label, e.Data); };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        // Whatever ends this node, the child ends with it (see ChildReaper); forgotten once it exits, as its pid may be reused.
        int pid = process.Id;
        ChildReaper.Track(pid);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ChildReaper.Forget(pid);
        if (process.HasExited)
        {
            ChildReaper.Forget(pid);
        }

        try
        {
            if (standardInput is not null)
            {
                process.StandardInput.Write(standardInput);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited without reading its input.
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Waits for the process; on cancellation kills it with its whole process tree and returns null. Otherwise returns
    /// its exit code, once its output has been drained.
    /// </summary>
    public static async Task<int?> WaitAsync(Process process, CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            return null;
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Kills the process and its descendants (SIGKILL) and waits up to 5 s for it; never throws.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It exited between the check and the kill.
        }
    }
}
