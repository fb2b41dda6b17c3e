using System.Globalization;

namespace Legion.Actors.Actions;

/// <summary>
/// Alarm kind <c>signal:N</c>: raises signal N on the node's <see cref="LegionSignalBus"/>, as uWSGI 2.0's
/// <c>uwsgi_alarm_func_signal</c> routes uWSGI signal N; the message is not passed on (as in uWSGI).
/// </summary>
public sealed class SignalAlarm : ILegionAlarm
{
    /// <inheritdoc />
    public string Kind => "signal";

    /// <inheritdoc />
    public Task<LegionActionResult> RunAsync(string argument, string message, LegionActionContext context, CancellationToken cancellationToken) =>
        new SignalAction().RunAsync(argument.Trim(), context, cancellationToken);
}
