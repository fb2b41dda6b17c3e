using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>
/// Alarm kind <c>cmd:COMMAND</c>: runs <c>/bin/sh -c COMMAND</c> with the alarm message on its standard input, as
/// uWSGI 2.0's <c>uwsgi_alarm_func_cmd</c>, and waits for it (bounded by the action timeout; killed with its process
/// tree after it). Exit code 0 is success. The command also gets the <c>LEGION_*</c> variables of
/// <see cref="ShellCommandAction"/> and <c>LEGION_ALARM_MESSAGE</c>.
/// </summary>
public sealed class CommandAlarm : ILegionAlarm
{
    /// <inheritdoc />
    public string Kind => "cmd";

    /// <inheritdoc />
    public async Task<LegionActionResult> RunAsync(string argument, string message, LegionActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var environment = new Dictionary<string, string>(ShellCommandAction.Environment(context)) { ["LEGION_ALARM_MESSAGE"] = message };
        System.Diagnostics.Process process;
        try
        {
            process = ShellProcess.Start("/bin/sh", argument, environment, context.Logger, $"{context.Legion} alarm", standardInput: message);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return LegionActionResult.Failure($"cannot start /bin/sh: {ex.Message}");
        }

        using (process)
        {
            var code = await ShellProcess.WaitAsync(process, cancellationToken).ConfigureAwait(false);
            context.Logger.LogDebug("Alarm command of legion {Legion} exited with {ExitCode}", context.Legion, code);
            return code switch
            {
                null => new LegionActionResult(false, null, TimedOut: true, Error: "timed out or cancelled; killed with its process tree"),
                0 => new LegionActionResult(true, 0),
                _ => LegionActionResult.Failure($"exit code {code}", code),
            };
        }
    }
}
