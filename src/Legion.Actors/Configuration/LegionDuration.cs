using System.Globalization;

namespace Legion.Actors.Configuration;

/// <summary>
/// Parses the durations of legion options. uWSGI 2.0 takes whole seconds (<c>legion-freq = 3</c>); as a
/// documented extension of this project a value may also be fractional or carry a unit: <c>1.5</c>,
/// <c>250ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>. No sign, no exponent, no space between number and unit,
/// <c>.</c> as the decimal point whatever the culture. The result is rounded to the nearest tick (100 ns).
/// </summary>
public static class LegionDuration
{
    /// <summary>The accepted syntax, for error messages.</summary>
    public const string Syntax = "whole seconds as uWSGI writes them (3), or a number with a unit: 250ms, 1.5s, 2m, 1h";

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
        ("", TimeSpan.TicksPerSecond),
    ];

    /// <summary>Parses <paramref name="text"/> (see the type's remarks for the syntax).</summary>
    /// <param name="text">The duration, e.g. <c>3</c>, <c>250ms</c>, <c>1.5s</c>; white space around it is ignored.</param>
    /// <returns>The duration, zero or positive.</returns>
    /// <exception cref="FormatException">The text is not a duration, or it exceeds <see cref="TimeSpan.MaxValue"/>.</exception>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration)
            ? duration
            : throw new FormatException($"'{text}' is not a duration; expected {Syntax}");

    /// <summary>Parses <paramref name="text"/> without throwing.</summary>
    /// <param name="text">The duration, e.g. <c>3</c>, <c>250ms</c>, <c>1.5s</c>; null gives false.</param>
    /// <param name="duration">The duration, or <see cref="TimeSpan.Zero"/> when the text is not one.</param>
    /// <returns>True when the text is a duration.</returns>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null)
        {
            return false;
        }

        var trimmed = text.AsSpan().Trim();
        var numberLength = 0;
        while (numberLength < trimmed.Length && (char.IsAsciiDigit(trimmed[numberLength]) || trimmed[numberLength] == '.'))
        {
            numberLength++;
        }

        var number = trimmed[..numberLength];
        var unit = trimmed[numberLength..];
        if (!IsPlainDecimal(number))
        {
            return false;
        }

        foreach (var (name, ticksPerUnit) in Units)
        {
            if (!unit.SequenceEqual(name))
            {
                continue;
            }

            // decimal keeps 1.1s exact; double would give 1.0999999s.
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                || value > (decimal)TimeSpan.MaxValue.Ticks / ticksPerUnit)
            {
                return false;
            }

            duration = TimeSpan.FromTicks((long)Math.Round(value * ticksPerUnit, MidpointRounding.AwayFromZero));
            return true;
        }

        return false;
    }

    /// <summary>
    /// Writes a duration so that <see cref="Parse"/> reads it back exactly: whole seconds as <c>3s</c>, whole
    /// milliseconds under a second as <c>250ms</c>, anything else as decimal seconds (<c>1.5s</c>).
    /// </summary>
    /// <param name="duration">Zero or positive.</param>
    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / TimeSpan.TicksPerSecond}s");
        }

        if (duration.Ticks % TimeSpan.TicksPerMillisecond == 0 && duration < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / TimeSpan.TicksPerMillisecond}ms");
        }

        return ((decimal)duration.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + "s";
    }

    private static bool IsPlainDecimal(ReadOnlySpan<char> number)
    {
        var dot = number.IndexOf('.');
        if (dot >= 0 && number[(dot + 1)..].Contains('.'))
        {
            return false;
        }

        var integral = dot < 0 ? number : number[..dot];
        var fraction = dot < 0 ? [] : number[(dot + 1)..];
        return integral.Length > 0 && (dot < 0 || fraction.Length > 0);
    }
}
