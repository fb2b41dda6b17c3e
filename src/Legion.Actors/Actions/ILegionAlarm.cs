namespace Legion.Actors.Actions;

/// <summary>
/// An alarm kind, e.g. <c>cmd</c>: configured as <c>alarm = NAME KIND:ARGUMENT</c> and raised by the action
/// <c>alarm:NAME MESSAGE</c>. Register new kinds in a <see cref="LegionAlarmRegistry"/> (uWSGI's alarms are plugins
/// in the same way: <c>uwsgi_register_alarm</c>).
/// </summary>
/// <remarks>
/// Runs on the raising action's worker, bounded by the action timeout; must honour the cancellation token. Should
/// return a failed result rather than throw; an exception counts as a failure. A failed alarm is logged, but the
/// <c>alarm:</c> action that raised it still succeeds, as in uWSGI, whose alarms run on their own thread.
/// </remarks>
public interface ILegionAlarm
{
    /// <summary>The kind, as written before the <c>:</c> (e.g. <c>cmd</c>); case-sensitive.</summary>
    string Kind { get; }

    /// <summary>Delivers one alarm.</summary>
    /// <param name="argument">Everything after the first <c>:</c> of the alarm's declaration.</param>
    /// <param name="message">The message of the <c>alarm:NAME MESSAGE</c> action.</param>
    /// <param name="context">The event and node the raising action runs for.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    Task<LegionActionResult> RunAsync(string argument, string message, LegionActionContext context, CancellationToken cancellationToken);
}
