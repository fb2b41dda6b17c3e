using Legion.Actors.Actors;

namespace Legion.Actors.Hosting;

/// <summary>
/// Every legion of this node, by name, in configuration order. Thread-safe. The .NET form of uWSGI's legion API:
/// <see cref="IAmTheLord"/> is <c>uwsgi.i_am_the_lord(name)</c>.
/// </summary>
public interface ILegionRegistry : IReadOnlyCollection<ILegion>
{
    /// <summary>The legion of that name.</summary>
    /// <param name="legion">Legion name (case-sensitive, as uWSGI).</param>
    /// <exception cref="KeyNotFoundException">No legion of that name is configured.</exception>
    ILegion this[string legion] { get; }

    /// <summary>Finds a legion by name.</summary>
    /// <param name="legion">Legion name.</param>
    /// <param name="found">The legion, or null.</param>
    /// <returns>True when it is configured.</returns>
    bool TryGet(string legion, out ILegion? found);

    /// <summary>True while this node is the Lord of <paramref name="legion"/>; false for an unknown legion, as uWSGI's <c>i_am_the_lord</c>.</summary>
    /// <param name="legion">Legion name.</param>
    bool IAmTheLord(string legion);

    /// <summary>Raised for every legion event of every legion (on actor threads: keep handlers short).</summary>
    event EventHandler<LegionEventFired>? EventFired;

    /// <summary>Every legion event of every legion, as an observable; completes when the registry is disposed.</summary>
    IObservable<LegionEventFired> Events { get; }
}
