using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>
/// <c>alarm:NAME MESSAGE</c>: raises the alarm NAME (declared with <c>alarm = NAME KIND:ARGUMENT</c>) with MESSAGE,
/// as uWSGI 2.0's <c>legion_action_alarm</c>. As in uWSGI the action succeeds once the alarm has been raised, whatever
/// the alarm itself does (a failed alarm is logged as a warning); it fails only when the argument has no space
/// ("must be: &lt;alarm&gt; &lt;msg&gt;") or names no declared alarm. Unlike uWSGI, where alarms run on their own
/// thread, this waits for the alarm (bounded by the action timeout), so the legion's next action starts after it.
/// </summary>
public sealed class AlarmAction : ILegionAction
{
    /// <inheritdoc />
    public string Kind => "alarm";

    /// <inheritdoc />
    public async Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var space = argument.IndexOf(' ');
        if (space <= 0)
        {
            return LegionActionResult.Failure("invalid alarm action syntax, must be: NAME MESSAGE");
        }

        if (context.Alarms is not { } alarms)
        {
            return LegionActionResult.Failure("no alarms: alarm actions run only inside a node");
        }

        var name = argument[..space];
        var result = await alarms.RaiseAsync(name, argument[(space + 1)..], context, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            if (!alarms.Names.Contains(name))
            {
                return result;
            }

            context.Logger.LogWarning("Alarm {Alarm} raised by legion {Legion} {Phase} failed: {Error}", name, context.Legion, context.Phase, result.Error);
        }

        return LegionActionResult.Success;
    }
}
