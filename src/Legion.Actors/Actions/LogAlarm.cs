using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>
/// Alarm kind <c>log:PREFIX</c>: logs one warning line <c>ALARM: PREFIX MESSAGE</c> (just <c>ALARM: MESSAGE</c> when
/// PREFIX is empty), as uWSGI 2.0's <c>uwsgi_alarm_func_log</c>. Never fails.
/// </summary>
public sealed class LogAlarm : ILegionAlarm
{
    /// <inheritdoc />
    public string Kind => "log";

    /// <inheritdoc />
    public Task<LegionActionResult> RunAsync(string argument, string message, LegionActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (argument.Length > 0)
        {
            context.Logger.LogWarning("ALARM: {Prefix} {Message}", argument, message);
        }
        else
        {
            context.Logger.LogWarning("ALARM: {Message}", message);
        }

        return Task.FromResult(LegionActionResult.Success);
    }
}
