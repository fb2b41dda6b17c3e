using System.Globalization;

namespace Legion.Actors.Model;

/// <summary>
/// What a failing health check costs this node (<c>legion-health ... penalty=N</c> or <c>ineligible</c>): valor
/// points off its base valor, or no lordship at all. Penalties of several failing checks add up
/// (<see cref="Plus"/>), saturating at <see cref="ulong.MaxValue"/>; one ineligible check makes the sum ineligible.
/// Immutable.
/// </summary>
/// <param name="Amount">Valor points taken off while failing.</param>
/// <param name="Ineligible">True when the node must not be Lord while failing (it announces valor 0, as an arbiter).</param>
public readonly record struct HealthPenalty(ulong Amount, bool Ineligible)
{
    /// <summary>No penalty: healthy, or no check configured.</summary>
    public static HealthPenalty None => default;

    /// <summary>The penalty of <c>ineligible</c>: announce valor 0 (an arbiter: votes, never Lord) while failing.</summary>
    public static HealthPenalty MakesIneligible => new(0, true);

    /// <summary>True when nothing is taken off.</summary>
    public bool IsNone => Amount == 0 && !Ineligible;

    /// <summary>A penalty of <paramref name="amount"/> valor points.</summary>
    /// <param name="amount">Valor points, 1..65535 in configuration (any value here).</param>
    public static HealthPenalty Of(ulong amount) => new(amount, false);

    /// <summary>This penalty and <paramref name="other"/> together.</summary>
    /// <param name="other">The penalty of another failing check.</param>
    public HealthPenalty Plus(HealthPenalty other) =>
        new(Amount > ulong.MaxValue - other.Amount ? ulong.MaxValue : Amount + other.Amount, Ineligible || other.Ineligible);

    /// <summary>The sum of several penalties; <see cref="None"/> for none.</summary>
    /// <param name="penalties">The penalties of the failing checks.</param>
    public static HealthPenalty Sum(IEnumerable<HealthPenalty> penalties)
    {
        ArgumentNullException.ThrowIfNull(penalties);
        return penalties.Aggregate(None, (total, next) => total.Plus(next));
    }

    /// <summary><c>ineligible</c>, <c>penalty=N</c>, both joined by a space, or <c>none</c>.</summary>
    public override string ToString() =>
        (Ineligible, Amount) switch
        {
            (true, 0) => "ineligible",
            (true, var amount) => string.Create(CultureInfo.InvariantCulture, $"ineligible penalty={amount}"),
            (false, 0) => "none",
            (false, var amount) => string.Create(CultureInfo.InvariantCulture, $"penalty={amount}"),
        };
}
