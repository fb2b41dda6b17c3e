namespace Legion.Actors.Model;

/// <summary>
/// What decides the valor this node announces in one legion: its base valor (configured, or the operator's latest),
/// the summed penalty of its failing health checks, and whether a step-down is in progress. Each input changes on
/// its own; <see cref="Announced"/> combines them by <see cref="HealthValor"/>'s rules. Immutable; pure.
/// </summary>
/// <param name="Base">The configured valor or the operator's latest, 0..65535.</param>
/// <param name="Health">The summed penalty of the failing health checks.</param>
/// <param name="SteppedDown">True while a step-down is in progress.</param>
internal sealed record ValorState(ulong Base, HealthPenalty Health, bool SteppedDown)
{
    /// <summary>The state at start: the configured valor, every check healthy (or none), no step-down.</summary>
    /// <param name="valor">The configured valor.</param>
    public static ValorState Configured(ulong valor) => new(valor, HealthPenalty.None, false);

    /// <summary>The valor to announce (<see cref="HealthValor.Effective"/>).</summary>
    public ulong Announced => HealthValor.Effective(Base, Health, SteppedDown);

    /// <summary>Why <see cref="Announced"/> is what it is, one line (<see cref="HealthValor.Explain"/>).</summary>
    public string Explanation => HealthValor.Explain(Base, Health, SteppedDown);

    /// <summary>
    /// The operator's request (set, raise, lower) applied to the base valor, not to the announced one; it cancels a
    /// step-down in progress (as a runtime valor change always has), and the failing checks' penalties stay on top.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="error">Why it cannot apply (the base would leave 0..65535); null when it can.</param>
    /// <returns>The new state, or null with <paramref name="error"/>.</returns>
    public ValorState? Apply(ValorRequest request, out string? error) =>
        request.Apply(Base, out error) is { } valor ? this with { Base = valor, SteppedDown = false } : null;

    /// <summary>The failing health checks now cost <paramref name="penalty"/> (their sum; <see cref="HealthPenalty.None"/> when all pass).</summary>
    /// <param name="penalty">The summed penalty.</param>
    public ValorState WithHealth(HealthPenalty penalty) => this with { Health = penalty };

    /// <summary>A step-down begins: valor 0 until <see cref="StepDownOver"/>, whatever the base and the health.</summary>
    public ValorState StepDown() => this with { SteppedDown = true };

    /// <summary>The step-down period is over: back to the base minus the penalties failing now.</summary>
    public ValorState StepDownOver() => this with { SteppedDown = false };
}
