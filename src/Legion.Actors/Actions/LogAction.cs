using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>
/// <c>log:MESSAGE</c>: writes one information line with the message (as uWSGI's
/// <c>legion_action_log</c>). Never fails.
/// </summary>
public sealed class LogAction : ILegionAction
{
    /// <inheritdoc />
    public string Kind => "log";

    /// <inheritdoc />
    public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken)
    {
        context.Logger.LogInformation("Legion {Legion} {Phase}: {Message}", context.Legion, context.Phase, argument);
        return Task.FromResult(LegionActionResult.Success);
    }
}
