namespace Legion.Actors.Configuration;

/// <summary>
/// An action to run when a legion action raises signal <see cref="Signal"/> (<c>signal:N</c>): this project's option
/// <c>legion-signal-handler = N KIND:ARGUMENT</c>, e.g. <c>legion-signal-handler = 17 cmd:/usr/local/bin/reload</c>.
/// uWSGI delivers <c>signal:N</c> to handlers its application registers; a host without an application uses this
/// option instead (an embedding application subscribes to <see cref="Actions.LegionSignalBus"/>). Handlers run in the
/// legion whose action raised the signal, after that legion's already queued actions, one at a time, bounded by
/// <c>legion-action-timeout</c>; commands see <c>LEGION_SIGNAL=N</c> in their environment.
/// </summary>
/// <param name="Signal">The signal number, 0..255 (uWSGI's signals are 8 bits).</param>
/// <param name="Kind">The action kind (<c>cmd</c>, <c>exec</c>, <c>log</c>, <c>alarm</c>, ...; not <c>signal</c>, which could loop).</param>
/// <param name="Argument">Everything after the first <c>:</c>.</param>
/// <param name="Source">Where it was declared, for messages.</param>
public sealed record LegionSignalHandlerSpec(int Signal, string Kind, string Argument, string Source = "")
{
    /// <summary><c>N KIND:ARGUMENT</c>.</summary>
    public override string ToString() => $"{Signal} {Kind}:{Argument}";
}
