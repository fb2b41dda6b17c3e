using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>
/// <c>signal:N</c>: raises signal N (0..255) on the node's <see cref="LegionSignalBus"/>, as uWSGI 2.0's
/// <c>legion_action_signal</c> sends uWSGI signal N. Succeeds once the signal is delivered to every subscriber (even
/// when nobody subscribes, as uWSGI's send succeeds without a handler); fails only for a number outside 0..255 or
/// outside a node.
/// </summary>
public sealed class SignalAction : ILegionAction
{
    /// <inheritdoc />
    public string Kind => "signal";

    /// <inheritdoc />
    public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 255)
        {
            return Task.FromResult(LegionActionResult.Failure($"'{argument}' is not a signal number 0..255"));
        }

        if (context.Signals is not { } bus)
        {
            return Task.FromResult(LegionActionResult.Failure("no signal bus: signal actions run only inside a node"));
        }

        var reached = bus.Raise(new LegionSignal(number, context.Legion, context.Event, context.Self, context.Lord), context.Logger);
        if (reached == 0)
        {
            context.Logger.LogWarning("Legion {Legion} {Phase}: signal {Signal} raised but nothing handles it", context.Legion, context.Phase, number);
        }
        else
        {
            context.Logger.LogInformation("Legion {Legion} {Phase}: signal {Signal} raised to {Handlers} handler(s)", context.Legion, context.Phase, number, reached);
        }

        return Task.FromResult(LegionActionResult.Success);
    }
}
