namespace Legion.Actors.Actions;

/// <summary>
/// An action kind, e.g. <c>cmd</c>: configured as <c>legion-lord = LEGION KIND:ARGUMENT</c>. Register
/// new kinds in a <see cref="LegionActionRegistry"/> (uWSGI's actions are modular in the same way:
/// <c>uwsgi_legion_action_register</c>).
/// </summary>
/// <remarks>
/// Implementations run off the heartbeat path, one at a time per legion, and must honour the
/// cancellation token: it is cancelled when the action's timeout expires or the node stops.
/// They should return a failed result rather than throw; an exception counts as a failure.
/// </remarks>
public interface ILegionAction
{
    /// <summary>The kind, lowercase, as written before the <c>:</c> (e.g. <c>cmd</c>).</summary>
    string Kind { get; }

    /// <summary>Runs the action once.</summary>
    /// <param name="argument">Everything after the first <c>:</c> of the configured action.</param>
    /// <param name="context">The event and node the action runs for.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken);
}
