using Legion.Actors.Model;

namespace Legion.Actors.Tests.Model;

/// <summary>The rules of health-driven valor: base valor, penalties of failing checks, ineligibility, step-down.</summary>
public class HealthValorTests
{
    public static TheoryData<ulong, ulong, bool, bool, ulong> EffectiveTable => new()
    {
        // base, penalty amount, ineligible, stepped down => announced valor
        { 90, 0, false, false, 90 },     // healthy: the base
        { 90, 30, false, false, 60 },    // one failing check: base minus its penalty
        { 90, 89, false, false, 1 },     // down to 1 exactly
        { 90, 90, false, false, 1 },     // a penalty reaching 0 floors at 1: still eligible, lowest
        { 90, 500, false, false, 1 },    // however large
        { 1, 1, false, false, 1 },       // the lowest eligible node stays eligible
        { 90, 0, true, false, 0 },       // ineligible: an arbiter while failing
        { 90, 30, true, false, 0 },      // ineligible wins over any penalty
        { 0, 30, false, false, 0 },      // an arbiter stays an arbiter
        { 0, 0, true, false, 0 },
        { 90, 0, false, true, 0 },       // a step-down in progress wins
        { 90, 30, false, true, 0 },
        { 90, 0, true, true, 0 },
        { 65535, 1, false, false, 65534 },
        { 120, ulong.MaxValue, false, false, 1 },
    };

    [Theory]
    [MemberData(nameof(EffectiveTable))]
    public void The_announced_valor_is_the_base_minus_failing_penalties_floored_at_1_unless_ineligible_or_stepped_down(
        ulong baseValor, ulong penalty, bool ineligible, bool steppedDown, ulong expected) =>
        Assert.Equal(expected, HealthValor.Effective(baseValor, new HealthPenalty(penalty, ineligible), steppedDown));

    [Theory]
    [InlineData(90, 0, false, false, "90")]
    [InlineData(90, 30, false, false, "90 - 30 (health) = 60")]
    [InlineData(90, 120, false, false, "90 - 120 (health), floored at 1")]
    [InlineData(90, 0, true, false, "0: ineligible while a health check fails (base 90)")]
    [InlineData(90, 30, false, true, "0: stepped down (base 90)")]
    [InlineData(0, 30, false, false, "0: arbiter")]
    public void The_explanation_says_why_the_node_announces_what_it_does(ulong baseValor, ulong penalty, bool ineligible, bool steppedDown, string expected) =>
        Assert.Equal(expected, HealthValor.Explain(baseValor, new HealthPenalty(penalty, ineligible), steppedDown));

    [Fact]
    public void Penalties_of_several_failing_checks_add_up_and_one_ineligible_check_makes_the_sum_ineligible()
    {
        Assert.Equal(HealthPenalty.None, HealthPenalty.Sum([]));
        Assert.Equal(HealthPenalty.Of(50), HealthPenalty.Sum([HealthPenalty.Of(20), HealthPenalty.Of(30), HealthPenalty.None]));
        Assert.Equal(new HealthPenalty(20, true), HealthPenalty.Sum([HealthPenalty.Of(20), HealthPenalty.MakesIneligible]));
        Assert.Equal(ulong.MaxValue, HealthPenalty.Of(ulong.MaxValue).Plus(HealthPenalty.Of(5)).Amount);
        Assert.True(HealthPenalty.None.IsNone);
        Assert.False(HealthPenalty.MakesIneligible.IsNone);
        Assert.Equal("ineligible", HealthPenalty.MakesIneligible.ToString());
        Assert.Equal("penalty=30", HealthPenalty.Of(30).ToString());
    }

    /// <summary>
    /// Runs a sequence of results (<c>+</c> passed, <c>-</c> failed) through the hysteresis and writes the state after
    /// each: <c>?</c> unknown, <c>H</c> healthy, <c>F</c> failing.
    /// </summary>
    private static string Run(string results, int rise, int fall)
    {
        var state = HealthCheckState.Initial;
        var trace = new System.Text.StringBuilder();
        foreach (var result in results)
        {
            state = state.Observe(result == '+', rise, fall);
            trace.Append(state.State switch { HealthState.Healthy => 'H', HealthState.Failing => 'F', _ => '?' });
        }
        return trace.ToString();
    }

    [Theory]
    [InlineData("+", 2, 2, "H")]                 // the first result counts at once...
    [InlineData("-", 2, 2, "F")]                 // ...either way
    [InlineData("+-+", 2, 2, "HHH")]             // one blip never fails a healthy check
    [InlineData("+--", 2, 2, "HHF")]             // fall 2: two failures in a row
    [InlineData("+-+-", 2, 2, "HHHH")]           // failures must be in a row
    [InlineData("+--+-++", 2, 2, "HHFFFFH")]     // rise 2: one pass does not bring it back
    [InlineData("+--+", 1, 2, "HHFH")]           // rise 1: one pass does
    [InlineData("+-", 2, 1, "HF")]               // fall 1: one failure does
    [InlineData("+----", 2, 3, "HHHFF")]
    [InlineData("-++", 2, 2, "FFH")]             // starting failing, rise applies
    public void Rise_and_fall_hysteresis_keeps_one_blip_from_moving_lordship(string results, int rise, int fall, string expected) =>
        Assert.Equal(expected, Run(results, rise, fall));

    [Fact]
    public void Runs_in_a_row_are_counted_and_reset_by_the_other_result()
    {
        var state = HealthCheckState.Initial.Observe(false, 2, 2).Observe(false, 2, 2).Observe(false, 2, 2);
        Assert.Equal(new HealthCheckState(HealthState.Failing, 0, 3), state);
        Assert.Equal(new HealthCheckState(HealthState.Failing, 1, 0), state.Observe(true, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Observe(true, 0, 2));
    }

    /// <summary>
    /// Runs steps on a node configured with valor 90 and returns the valor announced after each: <c>fail:N</c> the
    /// failing checks now cost N, <c>fail:ineligible</c>, <c>pass</c> every check passes, <c>set:V</c> / <c>+V</c> /
    /// <c>-V</c> the operator's request, <c>down</c> a step-down begins, <c>up</c> it ends.
    /// </summary>
    private static string Steps(string steps)
    {
        var state = ValorState.Configured(90);
        var announced = new List<string>();
        foreach (var step in steps.Split(' '))
        {
            state = step switch
            {
                "pass" => state.WithHealth(HealthPenalty.None),
                "fail:ineligible" => state.WithHealth(HealthPenalty.MakesIneligible),
                _ when step.StartsWith("fail:", StringComparison.Ordinal) => state.WithHealth(HealthPenalty.Of(ulong.Parse(step[5..], System.Globalization.CultureInfo.InvariantCulture))),
                "down" => state.StepDown(),
                "up" => state.StepDownOver(),
                _ when ValorRequest.TryParse(step.Replace("set:", "", StringComparison.Ordinal), out var request) => state.Apply(request, out _) ?? state,
                _ => throw new ArgumentException(step),
            };
            announced.Add(state.Announced.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return string.Join(' ', announced);
    }

    [Theory]
    [InlineData("fail:30 pass", "60 90")]
    [InlineData("fail:30 +20 pass", "60 80 110")]                 // set-valor moves the base; the penalty stays on top
    [InlineData("fail:30 set:40 set:20", "60 10 1")]              // ...floored at 1
    [InlineData("fail:ineligible set:120 pass", "0 0 120")]       // ineligible whatever the base
    [InlineData("down fail:30 up", "0 0 60")]                     // a step-down wins; it ends at base minus the penalties failing then
    [InlineData("fail:30 down pass up", "60 0 0 90")]
    [InlineData("down set:70", "0 70")]                           // the operator's request cancels the step-down
    [InlineData("down +5", "0 95")]                               // relative to the base, not to the 0 announced meanwhile
    [InlineData("-100 fail:30", "90 60")]                         // a request out of range changes nothing
    [InlineData("set:0 fail:30 pass", "0 0 0")]                   // an arbiter stays an arbiter
    public void Base_valor_health_and_step_down_combine_into_the_announced_valor(string steps, string expected) =>
        Assert.Equal(expected, Steps(steps));
}
