using Legion.Actors.Configuration;

namespace Legion.Actors.Model;

/// <summary>
/// The operator's runtime valor control over <see cref="ValorState"/>: a valor request, a step-down, the end of a
/// step-down period. Each returns the next state and what to tell the operator and the logs (<see cref="ValorChange"/>);
/// the supervisor announces the result and keeps the step-down timer. Pure.
/// </summary>
internal static class ValorControl
{
    /// <summary>
    /// Applies an operator's valor request to the base valor (<see cref="ValorState.Apply"/>): it cancels a step-down in
    /// progress, and the penalties of failing health checks stay on top of the new base.
    /// </summary>
    /// <param name="state">The valor state now.</param>
    /// <param name="request">Set, raise or lower the base valor.</param>
    /// <returns>Refused, with the range error, when the base would leave 0..65535.</returns>
    public static ValorChange Change(ValorState state, ValorRequest request)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Apply(request, out var error) is not { } next)
        {
            return ValorChange.Refuse(state, error!);
        }
        var (before, after) = (state.Base, next.Base);
        var message = after != before ? $"valor changed from {before} to {after}"
            : state.SteppedDown ? $"valor stays {after}; step-down cancelled"
            : $"valor is already {after}";
        if (!next.Health.IsNone)
        {
            message += $"; with failing health checks: {next.Explanation}";
        }
        return ValorChange.Accept(next, message);
    }

    /// <summary>
    /// A step-down as <see cref="Handover.StepDown"/> decided it: valor 0 for the period, naming the member expected to
    /// take over (by name when it is in the member table, else by uuid).
    /// </summary>
    /// <param name="state">The valor state now.</param>
    /// <param name="decision">The election's decision.</param>
    /// <param name="membership">The member table the decision was made on.</param>
    /// <returns>Refused, with the decision's reason, when the decision refused.</returns>
    public static ValorChange StepDown(ValorState state, StepDownDecision decision, Membership membership)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(membership);
        if (!decision.Accepted)
        {
            return ValorChange.Refuse(state, decision.Refusal!);
        }
        var period = LegionDuration.Format(decision.Period);
        var heir = membership.Members.FirstOrDefault(m => m.Uuid == decision.Successor.Uuid && m.Valor == decision.Successor.Valor);
        var successor = decision.Successor.IsNone ? "no member is expected to take over"
            : $"{heir?.Name ?? decision.Successor.Uuid} (valor {decision.Successor.Valor}) is expected to take over";
        return new ValorChange(true, state.StepDown(), $"stepped down for {period}; {successor}",
            $"stepped down for {period} (valor {decision.RestoreValor} to 0); {successor}");
    }

    /// <summary>
    /// The step-down period is over: back to the base minus the penalties of the checks failing now, not to the valor
    /// the node stepped down from.
    /// </summary>
    /// <param name="state">The valor state now.</param>
    public static ValorChange StepDownOver(ValorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = state.StepDownOver();
        return ValorChange.Accept(next, $"step-down over: valor back to {next.Explanation}");
    }
}
