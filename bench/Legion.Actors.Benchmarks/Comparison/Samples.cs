using System.Globalization;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>Measured values of one benchmark row (milliseconds unless named otherwise), with nearest-rank percentiles.</summary>
/// <param name="Values">The measurements, in the order taken.</param>
public sealed record Samples(IReadOnlyList<double> Values)
{
    /// <summary>Nearest-rank percentile <paramref name="p"/> (0..100); NaN when empty. With 20 trials p99 is the largest.</summary>
    public double Percentile(double p)
    {
        if (Values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = Values.Order().ToArray();
        int rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Median (p50).</summary>
    public double Median => Percentile(50);

    /// <summary>p99.</summary>
    public double P99 => Percentile(99);

    /// <summary>"p50 / p99" formatted with <paramref name="format"/> after dividing by <paramref name="scale"/>.</summary>
    public string P50P99(string unit, double scale = 1, string format = "0.###") =>
        Values.Count == 0 ? "n/a"
            : $"{(Median / scale).ToString(format, CultureInfo.InvariantCulture)} / {(P99 / scale).ToString(format, CultureInfo.InvariantCulture)} {unit}";
}
