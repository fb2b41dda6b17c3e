namespace Legion.Actors.Model;

/// <summary>
/// The rise/fall hysteresis of one health check, as HAProxy's <c>rise</c> and <c>fall</c>: a healthy check turns
/// <see cref="HealthState.Failing"/> only after <c>fall</c> failed runs in a row, and a failing one turns
/// <see cref="HealthState.Healthy"/> again only after <c>rise</c> passed runs in a row, so one blip never moves
/// lordship. The very first result is taken as it is (a node that starts with a dead service must not rule until
/// <c>fall</c> runs have gone by, nor wait <c>rise</c> runs to be trusted when it starts healthy). Immutable; pure.
/// </summary>
/// <param name="State">The verdict now; <see cref="HealthState.Unknown"/> before the first result.</param>
/// <param name="Successes">Passed runs in a row, up to the last one (0 after a failure).</param>
/// <param name="Failures">Failed runs in a row, up to the last one (0 after a success).</param>
public readonly record struct HealthCheckState(HealthState State, int Successes, int Failures)
{
    /// <summary>Before the first result: <see cref="HealthState.Unknown"/>, no runs counted.</summary>
    public static HealthCheckState Initial => default;

    /// <summary>True while the check's penalty applies.</summary>
    public bool IsFailing => State == HealthState.Failing;

    /// <summary>The state after one more run.</summary>
    /// <param name="healthy">Whether the run passed (a run that timed out or overran its timeout did not).</param>
    /// <param name="rise">Passed runs in a row that make a failing check healthy; at least 1.</param>
    /// <param name="fall">Failed runs in a row that make a healthy check failing; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rise"/> or <paramref name="fall"/> is under 1.</exception>
    public HealthCheckState Observe(bool healthy, int rise, int fall)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rise, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fall, 1);
        if (healthy)
        {
            int successes = Successes == int.MaxValue ? Successes : Successes + 1;
            var state = State == HealthState.Failing && successes < rise ? HealthState.Failing : HealthState.Healthy;
            return new HealthCheckState(state, successes, 0);
        }
        int failures = Failures == int.MaxValue ? Failures : Failures + 1;
        var next = State == HealthState.Healthy && failures < fall ? HealthState.Healthy : HealthState.Failing;
        return new HealthCheckState(next, 0, failures);
    }
}
