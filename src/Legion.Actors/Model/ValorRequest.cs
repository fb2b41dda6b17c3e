using System.Globalization;

namespace Legion.Actors.Model;

/// <summary>
/// A runtime change of this node's valor: set it, or raise or lower it by an amount (the request of uWSGI
/// issue #100, which uWSGI 2.0 never implemented). Valors stay within 0..65535 because uWSGI 2.0 keeps member
/// valors in 16 bits (legion.c, <c>uwsgi_legion_add_node</c>); 0 makes the node an arbiter. Immutable.
/// </summary>
/// <param name="Kind">Set, increase or decrease.</param>
/// <param name="Amount">The new valor (<see cref="ValorChangeKind.Set"/>) or the step.</param>
public readonly record struct ValorRequest(ValorChangeKind Kind, ulong Amount)
{
    /// <summary>The highest valor a node may announce: 65535.</summary>
    public const ulong MaxValor = ushort.MaxValue;

    /// <summary>Set the valor to <paramref name="valor"/>.</summary>
    public static ValorRequest Set(ulong valor) => new(ValorChangeKind.Set, valor);

    /// <summary>Raise the valor by <paramref name="by"/>.</summary>
    public static ValorRequest Increase(ulong by) => new(ValorChangeKind.Increase, by);

    /// <summary>Lower the valor by <paramref name="by"/>.</summary>
    public static ValorRequest Decrease(ulong by) => new(ValorChangeKind.Decrease, by);

    /// <summary>
    /// Parses the operator's form: <c>N</c> sets, <c>+N</c> raises, <c>-N</c> lowers (whole numbers).
    /// </summary>
    /// <param name="text">The text, e.g. <c>120</c>, <c>+10</c>, <c>-5</c>.</param>
    /// <param name="request">The request when the text is well-formed.</param>
    /// <returns>False when it is not a whole number with an optional sign.</returns>
    public static bool TryParse(string? text, out ValorRequest request)
    {
        request = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var kind = text[0] switch
        {
            '+' => ValorChangeKind.Increase,
            '-' => ValorChangeKind.Decrease,
            _ => ValorChangeKind.Set,
        };
        var digits = kind == ValorChangeKind.Set ? text : text[1..];
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }
        request = new ValorRequest(kind, amount);
        return true;
    }

    /// <summary>
    /// The valor after this request, from <paramref name="current"/>; or null with <paramref name="error"/>
    /// saying why when the result would leave 0..<see cref="MaxValor"/>.
    /// </summary>
    /// <param name="current">The valor now.</param>
    /// <param name="error">Why the request cannot apply; null when it can.</param>
    public ulong? Apply(ulong current, out string? error)
    {
        error = null;
        ulong? next = Kind switch
        {
            ValorChangeKind.Set => Amount,
            ValorChangeKind.Increase => Amount > MaxValor - Math.Min(current, MaxValor) ? null : current + Amount,
            ValorChangeKind.Decrease => Amount > current ? null : current - Amount,
            _ => null,
        };
        if (next is not { } valor || valor > MaxValor)
        {
            error = Kind switch
            {
                ValorChangeKind.Decrease => $"valor {current} cannot be lowered by {Amount}: valors are 0..{MaxValor}",
                ValorChangeKind.Increase => $"valor {current} cannot be raised by {Amount}: valors are 0..{MaxValor}",
                _ => $"valor {Amount} is out of range: valors are 0..{MaxValor} (uWSGI keeps 16 bits)",
            };
            return null;
        }
        return valor;
    }

    /// <summary><c>N</c>, <c>+N</c> or <c>-N</c>, the form <see cref="TryParse"/> reads.</summary>
    public override string ToString() => Kind switch
    {
        ValorChangeKind.Increase => "+" + Amount.ToString(CultureInfo.InvariantCulture),
        ValorChangeKind.Decrease => "-" + Amount.ToString(CultureInfo.InvariantCulture),
        _ => Amount.ToString(CultureInfo.InvariantCulture),
    };
}
