using System.Globalization;

namespace Legion.Actors.Model;

/// <summary>
/// The valor this node announces given its base valor, its failing health checks and a step-down in progress
/// (health-driven valor, asked for in uWSGI issue #100; uWSGI 2.0 has nothing like it). Pure.
/// </summary>
/// <remarks>
/// <para>
/// The base valor is the configured one (<c>legion = NAME ADDR VALOR ...</c>) or the operator's latest
/// <c>set-valor</c>, which changes the base; penalties of failing checks apply on top of whatever the base is.
/// </para>
/// <para>Rules, first match wins:</para>
/// <list type="number">
/// <item>a step-down in progress announces 0 (the node hands lordship over; see <see cref="Handover"/>), and when it
/// ends the node returns to its base minus the penalties failing then;</item>
/// <item>a base of 0 stays 0: an arbiter is not made eligible or ineligible by health;</item>
/// <item>an <c>ineligible</c> check failing announces 0: the node becomes an arbiter, which still votes and counts
/// for quorum but is never Lord (as uWSGI treats valor 0);</item>
/// <item>otherwise base minus the sum of the failing penalties, but never under 1: a penalty lowers a node to the
/// bottom of the candidates, it does not turn it into an arbiter, so a legion whose every node fails a penalty check
/// still elects the least bad one (only <c>ineligible</c> may leave a legion without a Lord).</item>
/// </list>
/// A change of the result is announced as a new identity followed by the old one's death, so peers never keep a
/// ghost of the old valor (see <see cref="Handover"/>).
/// </remarks>
internal static class HealthValor
{
    /// <summary>The lowest valor a penalty can bring an eligible node to: 1.</summary>
    public const ulong PenaltyFloor = 1;

    /// <summary>The valor to announce (see the type's remarks for the rules).</summary>
    /// <param name="baseValor">The configured valor or the operator's latest one, 0..65535.</param>
    /// <param name="failing">The sum of the penalties of the checks failing now (<see cref="HealthPenalty.Sum"/>).</param>
    /// <param name="steppedDown">True while a step-down is in progress.</param>
    public static ulong Effective(ulong baseValor, HealthPenalty failing, bool steppedDown)
    {
        if (steppedDown || baseValor == 0 || failing.Ineligible)
        {
            return 0;
        }
        return failing.Amount >= baseValor ? PenaltyFloor : Math.Max(PenaltyFloor, baseValor - failing.Amount);
    }

    /// <summary>
    /// Why the node announces what it does, one line for logs and status: <c>90</c>, <c>90 - 30 (health) = 60</c>,
    /// <c>90 - 120 (health), floored at 1</c>, <c>0: ineligible while a health check fails (base 90)</c>, or
    /// <c>0: stepped down (base 90)</c>.
    /// </summary>
    /// <param name="baseValor">As for <see cref="Effective"/>.</param>
    /// <param name="failing">As for <see cref="Effective"/>.</param>
    /// <param name="steppedDown">As for <see cref="Effective"/>.</param>
    public static string Explain(ulong baseValor, HealthPenalty failing, bool steppedDown)
    {
        var effective = Effective(baseValor, failing, steppedDown);
        var inv = CultureInfo.InvariantCulture;
        if (steppedDown)
        {
            return string.Create(inv, $"0: stepped down (base {baseValor})");
        }
        if (baseValor == 0)
        {
            return "0: arbiter";
        }
        if (failing.Ineligible)
        {
            return string.Create(inv, $"0: ineligible while a health check fails (base {baseValor})");
        }
        if (failing.Amount == 0)
        {
            return string.Create(inv, $"{baseValor}");
        }
        return failing.Amount >= baseValor
            ? string.Create(inv, $"{baseValor} - {failing.Amount} (health), floored at {effective}")
            : string.Create(inv, $"{baseValor} - {failing.Amount} (health) = {effective}");
    }
}
