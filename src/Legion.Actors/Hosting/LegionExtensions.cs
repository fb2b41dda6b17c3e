using Legion.Actors.Actors;
using Legion.Actors.Model;

namespace Legion.Actors.Hosting;

/// <summary>Shortcuts over <see cref="ILegion.ChangeValorAsync"/>.</summary>
public static class LegionExtensions
{
    /// <summary>Sets this node's valor (0..65535; 0 makes it an arbiter).</summary>
    /// <param name="legion">The legion.</param>
    /// <param name="valor">The new valor.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The legion is not running.</exception>
    public static Task<ControlOutcome> SetValorAsync(this ILegion legion, ulong valor, CancellationToken cancellationToken = default) =>
        Checked(legion).ChangeValorAsync(ValorRequest.Set(valor), cancellationToken);

    /// <summary>Raises this node's valor by <paramref name="by"/> (refused past 65535).</summary>
    /// <param name="legion">The legion.</param>
    /// <param name="by">The step.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The legion is not running.</exception>
    public static Task<ControlOutcome> IncreaseValorAsync(this ILegion legion, ulong by, CancellationToken cancellationToken = default) =>
        Checked(legion).ChangeValorAsync(ValorRequest.Increase(by), cancellationToken);

    /// <summary>Lowers this node's valor by <paramref name="by"/> (refused below 0).</summary>
    /// <param name="legion">The legion.</param>
    /// <param name="by">The step.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The legion is not running.</exception>
    public static Task<ControlOutcome> DecreaseValorAsync(this ILegion legion, ulong by, CancellationToken cancellationToken = default) =>
        Checked(legion).ChangeValorAsync(ValorRequest.Decrease(by), cancellationToken);

    private static ILegion Checked(ILegion legion)
    {
        ArgumentNullException.ThrowIfNull(legion);
        return legion;
    }
}
